import type { ConfigStore, EntryRef, ListPage, NamespaceStats, SchemaTransaction, StoredEntry, StoredHistoryItem, StoredSchema, WriteTransaction } from '@config-service/contract';
import type { LruEntryCache } from './lru-entry-cache';
import type { RedisEntryCache } from './redis-entry-cache';
import type { CacheStats } from './cache-stats';
import { currentRequestFacts } from '../logging/request-facts';

export interface CachedConfigStoreOptions {
  /** The first tier, in this process. */
  local: LruEntryCache;
  /** The tier shared by every replica (Redis), when there is one. */
  shared?: RedisEntryCache | undefined;
  stats?: CacheStats;
}

/**
 * A read-through cache around a ConfigStore: `getEntry` is served from the caches and fills
 * them on a miss, everything else passes through. Each tier only ever moves forward by
 * revision (compare-and-set). Commits reach the caches one way only, as markers from the
 * changes room (changes/cache-sync.ts), so the next read after a change goes to the database.
 */
export class CachedConfigStore implements ConfigStore {
  private readonly local: LruEntryCache;
  private readonly shared: RedisEntryCache | undefined;
  private readonly stats: CacheStats | undefined;

  constructor(
    private readonly inner: ConfigStore,
    options: CachedConfigStoreOptions,
  ) {
    this.local = options.local;
    this.shared = options.shared;
    this.stats = options.stats;
  }

  async getEntry(namespace: string, key: string): Promise<StoredEntry | null> {
    // Taken before the first await: only the synchronous start of a call sees them.
    const facts = currentRequestFacts();
    const local = this.local.get(namespace, key);
    if (local?.entry) {
      this.stats?.hit(namespace, facts);
      return local.entry;
    }
    if (this.shared?.available) {
      try {
        const shared = await this.shared.get(namespace, key);
        if (shared?.entry) {
          // A marker here means a newer change exists than what Redis holds: not a hit.
          const held = this.local.offer(namespace, key, shared);
          if (held.entry) {
            this.stats?.hit(namespace, facts);
            return held.entry;
          }
        }
      } catch {
        // Redis is failing: the database answers.
      }
    }
    const entry = await this.inner.getEntry(namespace, key);
    if (!entry) return null;
    // Counted once the entry is known to exist: a read of a made-up namespace adds no series.
    this.stats?.miss(namespace, facts);
    const slot = { revision: entry.revision, entry };
    // A slower reader cannot put this back over a newer commit: both tiers compare revisions.
    const held = this.local.offer(namespace, key, slot);
    if (this.shared?.available) this.shared.offer(namespace, key, slot).catch(() => undefined);
    return held.entry ?? entry;
  }

  /** Passes through: the caches learn of a commit from the change feed (CacheSync), not here. */
  write<T>(work: (tx: WriteTransaction) => Promise<T>, entry?: EntryRef): Promise<T> {
    return this.inner.write(work, entry);
  }

  listEntries(namespace: string, options: { prefix?: string; afterKey?: string; limit: number }): Promise<ListPage> {
    return this.inner.listEntries(namespace, options);
  }

  listHistory(namespace: string, key: string, options: { beforeVersion?: number; limit: number }): Promise<StoredHistoryItem[]> {
    return this.inner.listHistory(namespace, key, options);
  }

  listNamespaces(): Promise<NamespaceStats[]> {
    return this.inner.listNamespaces();
  }

  // Schemas are not cached: a write reads its key's schema in its own transaction, and the
  // compiled schema is cached by version in the engine.
  getSchema(namespace: string, key: string): Promise<StoredSchema | null> {
    return this.inner.getSchema(namespace, key);
  }

  listSchemas(namespace: string): Promise<StoredSchema[]> {
    return this.inner.listSchemas(namespace);
  }

  writeSchema<T>(work: (tx: SchemaTransaction) => Promise<T>): Promise<T> {
    return this.inner.writeSchema(work);
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }
}

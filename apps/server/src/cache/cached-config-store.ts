import type { ConfigStore, ListPage, NamespaceStats, StoredEntry, StoredHistoryItem, WriteTransaction } from '../storage/config-store';
import type { LruEntryCache } from './lru-entry-cache';
import type { RedisEntryCache } from './redis-entry-cache';
import type { CacheStats } from './cache-stats';

export interface CachedConfigStoreOptions {
  /** The first tier, in this process. */
  local: LruEntryCache;
  /** The tier shared by every replica (Redis), when there is one. */
  shared?: RedisEntryCache | undefined;
  stats?: CacheStats;
}

/**
 * A read-through cache around a ConfigStore: `getEntry` is served from the caches, everything
 * else passes through. Each tier only ever moves forward by revision (compare-and-set), and a
 * write puts its committed entry in this process's tier before it returns, so a client reads
 * its own write from this replica at once; Redis takes it a round trip later. Other replicas' changes arrive as markers (CacheSync).
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
    const local = this.local.get(namespace, key);
    if (local?.entry) {
      this.stats?.hit(namespace);
      return local.entry;
    }
    if (this.shared?.available) {
      try {
        const shared = await this.shared.get(namespace, key);
        if (shared?.entry) {
          // A marker here means a newer change exists than what Redis holds: not a hit.
          const held = this.local.offer(namespace, key, shared);
          if (held.entry) {
            this.stats?.hit(namespace);
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
    this.stats?.miss(namespace);
    const slot = { revision: entry.revision, entry };
    // A slower reader cannot put this back over a newer commit: both tiers compare revisions.
    const held = this.local.offer(namespace, key, slot);
    if (this.shared?.available) this.shared.offer(namespace, key, slot).catch(() => undefined);
    return held.entry ?? entry;
  }

  async write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    let committed: StoredEntry | undefined;
    const result = await this.inner.write((tx) =>
      work({
        ...tx,
        commit: async (change) => {
          committed = await tx.commit(change);
          return committed;
        },
      }),
    );
    if (committed) {
      const slot = { revision: committed.revision, entry: committed };
      this.local.offer(committed.namespace, committed.key, slot);
      if (this.shared?.available) {
        // Not waited for: the change is announced (and watchers notified) as soon as it
        // commits, not a Redis round trip later. The compare-and-set keeps the tiers right in
        // any order, and failing leaves an older entry in Redis that CacheSync's marker for
        // this revision (retried until Redis takes it) makes every replica read past.
        this.shared.offer(committed.namespace, committed.key, slot).catch(() => undefined);
      }
    }
    return result;
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

  ping(): Promise<void> {
    return this.inner.ping();
  }
}

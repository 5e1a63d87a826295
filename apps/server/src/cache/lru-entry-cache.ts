import { LRUCache } from 'lru-cache';
import { supersedes, type CacheSlot } from './entry-cache';

export interface LruEntryCacheOptions {
  /** @default 64 MiB */
  maxBytes?: number;
}

/**
 * The in-process cache: a replica's first tier, and the only one without REDIS_URL. Its
 * compare-and-set needs no lock: the event loop runs one of them at a time.
 */
export class LruEntryCache {
  private readonly slots: LRUCache<string, CacheSlot>;

  constructor(options: LruEntryCacheOptions = {}) {
    this.slots = new LRUCache<string, CacheSlot>({
      maxSize: options.maxBytes ?? 64 * 1024 * 1024,
      sizeCalculation: (slot) => 256 + (slot.entry ? (slot.entry.valueJson?.length ?? 0) + (slot.entry.metadataJson?.length ?? 0) : 0),
    });
  }

  get(namespace: string, key: string): CacheSlot | undefined {
    return this.slots.get(slotKey(namespace, key));
  }

  /** Stores `slot` if it supersedes what is there; returns what the cache holds afterwards. */
  offer(namespace: string, key: string, slot: CacheSlot): CacheSlot {
    const name = slotKey(namespace, key);
    const current = this.slots.get(name);
    if (!supersedes(slot, current)) return current!;
    this.slots.set(name, slot);
    return slot;
  }
}

function slotKey(namespace: string, key: string): string {
  // Neither names may contain '/', so the pair is unambiguous.
  return `${namespace}/${key}`;
}

import { describe, expect, it } from 'vitest';
import type { ConfigStore, StoredEntry, WriteTransaction } from '@config-service/contract';
import { CachedConfigStore } from './cached-config-store';
import { LruEntryCache } from './lru-entry-cache';
import { CacheStats } from './cache-stats';
import { markerFor } from './entry-cache';
import { entryAt } from './test-entries';

/** A store whose reads can be held back, to stage a slow reader racing a writer. */
function slowStore(initial: StoredEntry) {
  let current = initial;
  let hold: Promise<void> | undefined;
  const store: ConfigStore = {
    async getEntry() {
      const seen = current;
      await hold;
      return seen;
    },
    async write(work) {
      const tx = {
        getEntry: async () => current,
        getHistoryItem: async () => null,
        getSchema: async () => null,
        commit: async () => {
          current = entryAt(current.revision + 1);
          return current;
        },
        appendAudit: async () => undefined,
      } as unknown as WriteTransaction;
      return work(tx);
    },
    listEntries: async () => ({ revision: 0, items: [] }),
    listHistory: async () => [],
    listNamespaces: async () => [],
    getSchema: async () => null,
    listSchemas: async () => [],
    writeSchema: async () => {
      throw new Error('not used');
    },
    ping: async () => undefined,
  } as ConfigStore;
  return {
    store,
    holdReads() {
      let release!: () => void;
      hold = new Promise((done) => (release = done));
      return () => {
        hold = undefined;
        release();
      };
    },
  };
}

describe('CachedConfigStore', () => {
  it('serves repeated reads from the cache and counts hits by namespace', async () => {
    const { store } = slowStore(entryAt(1));
    const stats = new CacheStats();
    const cached = new CachedConfigStore(store, { local: new LruEntryCache(), stats });
    await cached.getEntry('ns', 'k');
    await cached.getEntry('ns', 'k');
    await cached.getEntry('ns', 'k');
    expect(stats.ratios().get('ns')).toBeCloseTo(2 / 3);
  });

  it('never puts back what a slow reader read before a newer commit', async () => {
    const { store, holdReads } = slowStore(entryAt(1));
    const local = new LruEntryCache();
    const cached = new CachedConfigStore(store, { local });
    const release = holdReads();
    const slowRead = cached.getEntry('ns', 'k'); // reads revision 1, then stalls
    await cached.write(async (tx) => tx.commit({} as never)); // commits revision 2
    local.offer('ns', 'k', markerFor(2)); // what the changes room does on the commit (CacheSync.committed)
    release();
    // The read began before the commit and answers what it read, but its fill is refused.
    expect((await slowRead)?.revision).toBe(1);
    expect(local.get('ns', 'k')).toEqual(markerFor(2));
    expect((await cached.getEntry('ns', 'k'))?.revision).toBe(2);
  });

  it('leaves the caches to the changes room on a write, and reads past a marker', async () => {
    const { store } = slowStore(entryAt(1));
    const local = new LruEntryCache();
    const cached = new CachedConfigStore(store, { local });
    expect((await cached.getEntry('ns', 'k'))?.revision).toBe(1);
    await cached.write(async (tx) => tx.commit({} as never));
    // No second path: until the marker arrives the cache holds what it held.
    expect(local.get('ns', 'k')?.entry?.revision).toBe(1);
    local.offer('ns', 'k', markerFor(2));
    expect((await cached.getEntry('ns', 'k'))?.revision).toBe(2);
    expect(local.get('ns', 'k')?.entry?.revision).toBe(2);
  });
});

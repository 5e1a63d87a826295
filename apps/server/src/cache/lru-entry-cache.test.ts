import { describe, expect, it } from 'vitest';
import { LruEntryCache } from './lru-entry-cache';
import { markerFor } from './entry-cache';
import { entryAt } from '../../test/test-entries';

describe('LruEntryCache', () => {
  it('keeps the newest revision whatever order offers arrive in', () => {
    const cache = new LruEntryCache();
    cache.offer('ns', 'k', { revision: 5, entry: entryAt(5) });
    expect(cache.offer('ns', 'k', { revision: 3, entry: entryAt(3) }).revision).toBe(5);
    expect(cache.get('ns', 'k')?.entry?.revision).toBe(5);
    cache.offer('ns', 'k', { revision: 9, entry: entryAt(9) });
    expect(cache.get('ns', 'k')?.entry?.revision).toBe(9);
  });

  it('lets a marker shut out older entries, and the entry of its own revision replace it', () => {
    const cache = new LruEntryCache();
    cache.offer('ns', 'k', { revision: 2, entry: entryAt(2) });
    cache.offer('ns', 'k', markerFor(4));
    expect(cache.get('ns', 'k')).toEqual({ revision: 4, entry: null });
    // A slow reader that read revision 3 cannot put it back.
    expect(cache.offer('ns', 'k', { revision: 3, entry: entryAt(3) }).entry).toBeNull();
    expect(cache.offer('ns', 'k', { revision: 4, entry: entryAt(4) }).entry?.revision).toBe(4);
    // A marker never replaces the entry of the same revision.
    expect(cache.offer('ns', 'k', markerFor(4)).entry?.revision).toBe(4);
  });
});

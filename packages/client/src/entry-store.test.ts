import { describe, expect, it } from 'vitest';
import type { ChangeEvent, ConfigEntry } from '@config-service/core';
import { EntryStore } from './entry-store';

const at = '2026-01-01T00:00:00.000Z';

function entry(key: string, value: unknown, version: number, revision: number, namespace = 'ns'): ConfigEntry {
  return { namespace, key, value, version, revision, secret: false, metadata: null, created_at: at, updated_at: at, updated_by: 't' };
}

function event(key: string, value: unknown, version: number, revision: number, action: ChangeEvent['action'] = 'updated'): ChangeEvent {
  return { type: 'change', namespace: 'ns', key, value: action === 'deleted' ? null : value, version, revision, action, secret: false, updated_by: 't', updated_at: at };
}

describe('EntryStore', () => {
  it('applies a change once: a replay at or below the known revision is dropped', () => {
    const store = new EntryStore(['ns']);
    store.replaceNamespace('ns', [{ revision: 10, items: [entry('a', 1, 1, 5)] }]);
    // Revision 5 is already in the listing (taken at 10): a replay of it changes nothing.
    expect(store.applyEvent(event('a', 1, 1, 5, 'created'))).toBeNull();
    const change = store.applyEvent(event('a', 2, 2, 11));
    expect(change).toMatchObject({ key: 'a', value: 2, previousValue: 1, version: 2, revision: 11, source: 'watch' });
    expect(store.applyEvent(event('a', 2, 2, 11))).toBeNull();
    expect(store.entry('ns', 'a')?.value).toBe(2);
  });

  it('never goes back to an older state, whatever path delivers it', () => {
    const store = new EntryStore(['ns']);
    expect(store.applyEntry(entry('a', 'new', 3, 30), 'write')).not.toBeNull();
    expect(store.applyEvent(event('a', 'old', 2, 20))).toBeNull();
    expect(store.replaceNamespace('ns', [{ revision: 25, items: [entry('a', 'older', 2, 20)] }])).toEqual([]);
    expect(store.entry('ns', 'a')?.value).toBe('new');
  });

  it('a key missing from a listing is deleted as of the listing, and older replays do not bring it back', () => {
    const store = new EntryStore(['ns']);
    store.replaceNamespace('ns', [{ revision: 10, items: [entry('a', 1, 1, 3), entry('b', 1, 1, 4)] }]);
    const changes = store.replaceNamespace('ns', [{ revision: 20, items: [entry('b', 1, 1, 4)] }]);
    expect(changes).toMatchObject([{ key: 'a', action: 'deleted', value: undefined, previousValue: 1, entry: null }]);
    // An update of `a` at revision 15 (before its deletion) replayed late: ignored.
    expect(store.applyEvent(event('a', 'zombie', 2, 15))).toBeNull();
    expect(store.entry('ns', 'a')).toBeUndefined();
    // A re-create after the listing is a real change.
    expect(store.applyEvent(event('a', 'again', 4, 21, 'created'))).toMatchObject({ action: 'created', value: 'again' });
  });

  it('a deletion of a key it never had changes nothing visible', () => {
    const store = new EntryStore(['ns']);
    expect(store.applyEvent(event('x', null, 2, 7, 'deleted'))).toBeNull();
    expect(store.applyEvent(event('x', 'back', 3, 8, 'created'))).toMatchObject({ value: 'back' });
  });

  it('keeps getAll stable until the namespace changes, sorted by key', () => {
    const store = new EntryStore(['ns']);
    store.replaceNamespace('ns', [{ revision: 2, items: [entry('b', 2, 1, 2), entry('a', 1, 1, 1)] }]);
    const first = store.values('ns');
    expect(Object.keys(first)).toEqual(['a', 'b']);
    expect(store.values('ns')).toBe(first);
    store.applyEvent(event('a', 9, 2, 3));
    expect(store.values('ns')).not.toBe(first);
    expect(store.values('ns')).toEqual({ a: 9, b: 2 });
  });

  it('seeded values give way to any real entry and never block one', () => {
    const store = new EntryStore(['ns']);
    store.seed('ns', { a: 'server-rendered' });
    expect(store.entry('ns', 'a')?.value).toBe('server-rendered');
    const changes = store.replaceNamespace('ns', [{ revision: 5, items: [entry('a', 'live', 1, 5)] }]);
    expect(changes).toMatchObject([{ key: 'a', value: 'live', previousValue: 'server-rendered' }]);
  });

  it('exports and imports its state, tombstones included', () => {
    const store = new EntryStore(['ns']);
    store.replaceNamespace('ns', [{ revision: 9, items: [entry('a', 1, 1, 3)] }]);
    store.applyEvent(event('b', null, 2, 10, 'deleted'));
    const copy = new EntryStore(['ns', 'other']);
    expect(copy.import({ ...store.export(), unknown: { entries: [], known: {} } })).toEqual(['ns']);
    expect(copy.entry('ns', 'a')?.value).toBe(1);
    expect(copy.applyEvent(event('b', 'old', 1, 8, 'created'))).toBeNull();
    expect(copy.applyEvent(event('a', 1, 1, 3, 'created'))).toBeNull();
  });
});

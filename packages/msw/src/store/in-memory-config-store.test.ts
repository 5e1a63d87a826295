import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  ConflictError,
  LosslessNumber,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
  VersionConflictError,
  parseJsonText,
} from '@config-service/core';
import { InMemoryConfigStore } from './in-memory-config-store';
import type { CommittedChange } from '@config-service/contract';

function storeWithClock() {
  let tick = Date.parse('2026-11-25T10:00:00.000Z');
  return new InMemoryConfigStore({ now: () => new Date((tick += 1000)) });
}

describe('InMemoryConfigStore', () => {
  it('numbers versions per key and revisions globally, never reusing a version after a delete', async () => {
    const store = storeWithClock();
    const a1 = await store.create('deployer', 'ns', 'a', { value: 1 });
    const b1 = (await store.put('deployer', 'ns', 'b', { value: 1 })).entry;
    const a2 = (await store.put('deployer', 'ns', 'a', { value: 2 })).entry;
    expect([a1.version, a1.revision, b1.version, b1.revision, a2.version, a2.revision]).toEqual([1, 1, 1, 2, 2, 3]);
    expect(a2.createdAt).toEqual(a1.createdAt);
    expect(a2.updatedAt > a1.updatedAt).toBe(true);

    await store.delete('deployer', 'ns', 'a');
    await expect(store.get('ns', 'a')).rejects.toThrow(NotFoundError);
    expect(store.revision).toBe(4);
    const again = await store.create('other', 'ns', 'a', { value: 9 });
    expect(again).toMatchObject({ version: 4, revision: 5, updatedBy: 'other' });
    expect(again.createdAt > a1.createdAt).toBe(true);
    await expect(store.create('other', 'ns', 'a', { value: 10 })).rejects.toThrow(AlreadyExistsError);
    const actions = (await store.history('ns', 'a', { limit: 10 })).items.map((item) => [item.version, item.action, item.valueJson]);
    expect(actions).toEqual([
      [4, 'created', '9'],
      [3, 'deleted', null],
      [2, 'updated', '2'],
      [1, 'created', '1'],
    ]);
  });

  it('makes nothing for a PUT that changes nothing, whatever the key order, and keeps omitted metadata and secret', async () => {
    const store = storeWithClock();
    const changes: CommittedChange[] = [];
    store.subscribe((change) => changes.push(change));
    const first = (await store.put('d', 'ns', 'a', { value: parseJsonText('{"x":1,"y":{"b":2,"a":1}}'), metadata: { m: 1 }, secret: true })).entry;
    const same = await store.put('d', 'ns', 'a', { value: parseJsonText('{"y":{"a":1,"b":2},"x":1}') });
    expect(same).toEqual({ entry: first, created: false });
    expect(store.revision).toBe(1);
    expect(changes).toHaveLength(1);
    expect((await store.history('ns', 'a', { limit: 10 })).items).toHaveLength(1);

    const cleared = (await store.put('d', 'ns', 'a', { value: parseJsonText('{"x":1,"y":{"a":1,"b":2}}'), metadata: null })).entry;
    expect(cleared).toMatchObject({ version: 2, metadataJson: null, secret: true });
    expect(changes.map((change) => change.revision)).toEqual([1, 2]);
  });

  it('applies If-Match and If-None-Match, and names the current version in the 412', async () => {
    const store = storeWithClock();
    await store.put('d', 'ns', 'a', { value: 1 });
    await store.put('d', 'ns', 'a', { value: 2 });
    const conflict = await catchError(() => store.put('d', 'ns', 'a', { value: 3 }, { ifMatch: [1] }));
    expect(conflict).toBeInstanceOf(VersionConflictError);
    expect((conflict as VersionConflictError).currentVersion).toBe(2);
    expect((await store.put('d', 'ns', 'a', { value: 3 }, { ifMatch: [2] })).entry.version).toBe(3);
    expect((await catchError(() => store.put('d', 'ns', 'new', { value: 1 }, { ifMatch: '*' })) as VersionConflictError).currentVersion).toBeNull();
    expect((await catchError(() => store.put('d', 'ns', 'a', { value: 4 }, { ifNoneMatchAny: true })) as VersionConflictError).currentVersion).toBe(3);
    expect((await store.put('d', 'ns', 'fresh', { value: 1 }, { ifNoneMatchAny: true })).created).toBe(true);
    expect(await catchError(() => store.delete('d', 'ns', 'a', { ifMatch: [2] }))).toBeInstanceOf(VersionConflictError);
    expect(await catchError(() => store.delete('d', 'ns', 'never', { ifMatch: [1] }))).toBeInstanceOf(VersionConflictError);
    expect(await catchError(() => store.delete('d', 'ns', 'never'))).toBeInstanceOf(NotFoundError);
    expect((await store.get('ns', 'a')).valueJson).toBe('3');
  });

  it('rolls back to an earlier value and metadata as a new version, restores a deleted key, refuses a deletion', async () => {
    const store = storeWithClock();
    await store.put('d', 'ns', 'r', { value: 'one', metadata: { v: 1 } });
    await store.put('d', 'ns', 'r', { value: 'two', metadata: { v: 2 }, secret: true });
    const rolled = await store.rollback('d', 'ns', 'r', 1);
    expect(rolled).toMatchObject({ version: 3, valueJson: '"one"', metadataJson: '{"v":1}', secret: false });
    expect((await store.history('ns', 'r', { limit: 1 })).items[0]).toMatchObject({ version: 3, action: 'rolled_back', valueJson: '"one"' });

    await store.delete('d', 'ns', 'r');
    expect(await catchError(() => store.rollback('d', 'ns', 'r', 4))).toBeInstanceOf(ConflictError);
    expect(await catchError(() => store.rollback('d', 'ns', 'r', 99))).toBeInstanceOf(NotFoundError);
    expect(await catchError(() => store.rollback('d', 'ns', 'never', 1))).toBeInstanceOf(NotFoundError);
    expect(await catchError(() => store.rollback('d', 'ns', 'r', 2, { ifMatch: [4] }))).toBeInstanceOf(VersionConflictError);
    expect(await store.rollback('d', 'ns', 'r', 2)).toMatchObject({ version: 5, valueJson: '"two"', secret: true, deleted: false });
    expect((await store.get('ns', 'r')).valueJson).toBe('"two"');
  });

  it('lists live entries by key with prefix and cursor pages, and the revision it saw', async () => {
    const store = storeWithClock();
    for (const key of ['b.2', 'a.1', 'b.1', 'c', 'b.3', 'a.2']) await store.put('d', 'ns', key, { value: key });
    await store.put('d', 'other', 'a.0', { value: 0 });
    await store.put('d', 'ns', 'gone', { value: 0 });
    await store.delete('d', 'ns', 'gone');

    const all = await store.list('ns', { limit: 100 });
    expect(all.items.map((entry) => entry.key)).toEqual(['a.1', 'a.2', 'b.1', 'b.2', 'b.3', 'c']);
    expect(all).toMatchObject({ revision: 9, nextCursor: null });

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await store.list('ns', { limit: 4, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((entry) => entry.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['a.1', 'a.2', 'b.1', 'b.2', 'b.3', 'c']);

    const first = await store.list('ns', { prefix: 'b.', limit: 2 });
    expect(first.items.map((entry) => entry.key)).toEqual(['b.1', 'b.2']);
    const second = await store.list('ns', { prefix: 'b.', limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((entry) => entry.key)).toEqual(['b.3']);
    expect(second.nextCursor).toBeNull();
    expect(await store.list('empty', { limit: 10 })).toEqual({ revision: 9, items: [], nextCursor: null });
    expect(await catchError(() => store.list('ns', { limit: 10, cursor: 'bm90LWEtY3Vyc29y' }))).toBeInstanceOf(ValidationError);
  });

  it('pages history newest first, keeps it after a delete, and 404s only a key that never existed', async () => {
    const store = storeWithClock();
    for (let i = 1; i <= 5; i++) await store.put('d', 'ns', 'h', { value: i });
    await store.delete('d', 'ns', 'h');
    const first = await store.history('ns', 'h', { limit: 4 });
    expect(first.items.map((item) => item.version)).toEqual([6, 5, 4, 3]);
    const second = await store.history('ns', 'h', { limit: 4, cursor: first.nextCursor! });
    expect(second.items.map((item) => item.version)).toEqual([2, 1]);
    expect(second.nextCursor).toBeNull();
    expect(await catchError(() => store.history('ns', 'never', { limit: 4 }))).toBeInstanceOf(NotFoundError);
  });

  it('counts live entries per namespace with the latest update', async () => {
    const store = storeWithClock();
    await store.put('d', 'b', 'x', { value: 1 });
    await store.put('d', 'a', 'x', { value: 1 });
    const latest = (await store.put('d', 'a', 'y', { value: 1 })).entry;
    await store.put('d', 'gone', 'x', { value: 1 });
    await store.delete('d', 'gone', 'x');
    expect(await store.namespaces()).toEqual([
      { name: 'a', configCount: 2, updatedAt: latest.updatedAt },
      { name: 'b', configCount: 1, updatedAt: (await store.get('b', 'x')).updatedAt },
    ]);
  });

  it('keeps every digit of a number and refuses what a store cannot hold', async () => {
    const store = storeWithClock();
    const entry = (await store.put('d', 'ns', 'n', { value: parseJsonText('{"big":12345678901234567890,"precise":0.1000000000000000055511151231257827}') })).entry;
    expect(entry.valueJson).toBe('{"big":12345678901234567890,"precise":0.1000000000000000055511151231257827}');
    expect((await store.put('d', 'ns', 'top', { value: new LosslessNumber('98765432109876543210') })).entry.valueJson).toBe('98765432109876543210');
    expect(await catchError(() => store.put('d', 'ns', 'a', { value: 'a\u0000b' }))).toBeInstanceOf(ValidationError);
    expect(await catchError(() => store.put('d', 'ns', 'a', { value: '\ud800' }))).toBeInstanceOf(ValidationError);
    expect(await catchError(() => store.put('d', 'ns', 'a', { value: 'x'.repeat(1024 * 1024) }))).toBeInstanceOf(PayloadTooLargeError);
    expect(await catchError(() => store.put('d', 'ns', 'a', { value: 1, metadata: { m: 'x'.repeat(16 * 1024) } }))).toBeInstanceOf(PayloadTooLargeError);
    expect(store.revision).toBe(2);
  });

  it('keeps a change log in revision order, announces after each change, and forgets on request', async () => {
    const store = storeWithClock();
    const heard: number[] = [];
    const unsubscribe = store.subscribe((change) => heard.push(change.revision));
    await store.put('d', 'ns', 'a', { value: 1 });
    await store.put('d', 'ns', 'b', { value: 1 });
    await store.delete('d', 'ns', 'a');
    unsubscribe();
    await store.put('d', 'ns', 'c', { value: 1 });
    expect(heard).toEqual([1, 2, 3]);
    expect(store.changesAfter(1).map((change) => [change.revision, change.action, change.valueJson])).toEqual([
      [2, 'created', '1'],
      [3, 'deleted', null],
      [4, 'created', '1'],
    ]);
    expect(store.oldestReplayableRevision).toBe(0);
    store.forgetChangesThrough(2);
    expect(store.oldestReplayableRevision).toBe(2);
    expect(store.changesAfter(0).map((change) => change.revision)).toEqual([3, 4]);
    expect((await store.history('ns', 'a', { limit: 10 })).items).toHaveLength(2);
  });

  it('starts after a given revision', async () => {
    const store = new InMemoryConfigStore({ startRevision: 1_700_000_000_000 });
    expect(store.oldestReplayableRevision).toBe(1_700_000_000_000);
    expect((await store.put('d', 'ns', 'a', { value: 1 })).entry.revision).toBe(1_700_000_000_001);
    expect(store.changesAfter(1_700_000_000_000)).toHaveLength(1);
  });

  it('forgets everything on clear but keeps revisions growing', async () => {
    const store = storeWithClock();
    await store.put('d', 'ns', 'a', { value: 1 });
    await store.put('d', 'ns', 'b', { value: 1 });
    await store.clear();
    expect(store.revision).toBe(3);
    expect(store.oldestReplayableRevision).toBe(3);
    expect(await store.namespaces()).toEqual([]);
    expect(store.changesAfter(0)).toEqual([]);
    expect(await catchError(() => store.history('ns', 'a', { limit: 10 }))).toBeInstanceOf(NotFoundError);
    expect((await store.put('d', 'ns', 'a', { value: 2 })).entry).toMatchObject({ version: 1, revision: 4 });
  });
});

async function catchError(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

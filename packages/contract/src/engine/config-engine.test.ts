import { describe, expect, it } from 'vitest';
import { NotFoundError } from '@config-service/core';
import { ChangeFeed, ConfigEngine, MemoryConfigStore, SYSTEM_ACTOR, type AuditRecord, type CommittedChange, type ValueCodec, type WriteTransaction } from '../index';

describe('ConfigEngine', () => {
  it('answers created: false for a PUT whose rerun finds it already made (its first batch was refused, another writer made the same state)', async () => {
    // A store that runs a write's unit twice, as group commit does after a refused batch: the
    // first run's effects are rolled back, and another writer's write lands in between.
    class RerunningStore extends MemoryConfigStore {
      between: (() => Promise<unknown>) | undefined;
      override async write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
        const between = this.between;
        this.between = undefined;
        if (between) {
          await super
            .write(async (tx) => {
              await work(tx);
              throw new Error('the batch was refused');
            })
            .catch(() => undefined);
          await between();
        }
        return super.write(work);
      }
    }
    const store = new RerunningStore();
    const engine = new ConfigEngine({ store, feed: new ChangeFeed() });
    store.between = () => engine.put(SYSTEM_ACTOR, 'ns', 'k', { value: 1 });
    expect(await engine.put(SYSTEM_ACTOR, 'ns', 'k', { value: 1 })).toMatchObject({ created: false, entry: { version: 1 } });
  });

  it('judges a PUT a no-op by the JSON it writes, whatever JavaScript value it was given', async () => {
    const engine = new ConfigEngine({ store: new MemoryConfigStore(), feed: new ChangeFeed() });
    const at = new Date('2026-01-02T03:04:05.000Z');
    const put = async (value: unknown) => (await engine.put(SYSTEM_ACTOR, 'ns', 'k', { value })).entry;
    expect((await put({ n: 5, at: at.toISOString(), list: [null] })).version).toBe(1);
    // The same data in another key order, from values that write it out: a Date writes its ISO
    // string, undefined in an array writes null, a function is left out.
    expect((await put({ at, list: [undefined], n: 5, skip() {} })).version).toBe(1);
    // A boxed number is an object with no keys, but it writes a number: not the same as {}.
    expect((await put({})).version).toBe(2);
    const boxed = await put(new Number(5));
    expect([boxed.version, boxed.valueJson]).toEqual([3, '5']);
  });

  it('runs as the README shows: a store and a feed, and the change announced after the commit', async () => {
    const heard: string[] = [];
    // The README's example, as written there.
    const feed = new ChangeFeed();
    feed.subscribe((change) => heard.push(`${change.revision} ${change.action} ${change.key}`));
    const engine = new ConfigEngine({ store: new MemoryConfigStore(), feed });
    await engine.put(SYSTEM_ACTOR, 'payments', 'timeout_ms', { value: 3000 });
    expect(heard).toEqual(['1 created timeout_ms']);
  });

  it('seals a secret before the store and the feed, opens it for answers, and keeps it out of the audit row', async () => {
    const audit: AuditRecord[] = [];
    const store = new MemoryConfigStore({ audit: { append: (record) => audit.push(record) } });
    const announced: CommittedChange[] = [];
    const feed = new ChangeFeed();
    feed.subscribe((change) => announced.push(change));
    const sealed: ValueCodec = {
      seal: (json, secret) => (secret ? `"sealed:${Buffer.from(json).toString('base64')}"` : json),
      open: (json, secret) => (secret ? Buffer.from(JSON.parse(json).slice('sealed:'.length), 'base64').toString() : json),
    };
    const engine = new ConfigEngine({ store, feed, codec: sealed });
    const actor = { name: 'deployer', keyId: 'key-1', requestId: 'req-1' };

    const entry = await engine.create(actor, 'ns', 'token', { value: 'hunter2', secret: true });
    expect(entry.valueJson).toBe('"hunter2"');
    expect((await store.getEntry('ns', 'token'))!.valueJson).toMatch(/^"sealed:/);
    expect(announced[0]!.valueJson).toMatch(/^"sealed:/);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'created', entityType: 'config', entityId: 'ns/token', userId: 'deployer', requestId: 'req-1' }),
    ]);
    expect(audit[0]!.changesJson).toContain('"value":"[secret]"');
    expect(audit[0]!.changesJson).not.toContain('hunter2');

    // A PUT of the same secret value compares the opened value: nothing changes.
    expect(await engine.put(actor, 'ns', 'token', { value: 'hunter2' })).toMatchObject({ created: false, entry: { version: 1 } });
    expect(announced).toHaveLength(1);
    expect((await engine.history('ns', 'token', { limit: 10 })).items[0]!.valueJson).toBe('"hunter2"');
  });

  it('announces nothing and takes no revision for a refused write', async () => {
    const store = new MemoryConfigStore();
    const feed = new ChangeFeed();
    const announced: number[] = [];
    feed.subscribe((change) => announced.push(change.revision));
    const engine = new ConfigEngine({ store, feed });
    await expect(engine.delete(SYSTEM_ACTOR, 'ns', 'never')).rejects.toBeInstanceOf(NotFoundError);
    await expect(engine.put(SYSTEM_ACTOR, 'ns', 'a', { value: 1 }, { ifMatch: [3] })).rejects.toMatchObject({ code: 'version_conflict' });
    expect(store.revision).toBe(0);
    expect((await engine.put(SYSTEM_ACTOR, 'ns', 'a', { value: 1 })).entry.revision).toBe(1);
    expect(announced).toEqual([1]);
  });
});

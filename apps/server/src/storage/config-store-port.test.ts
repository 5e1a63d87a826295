import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryAction } from '@config-service/core';
import { MemoryConfigStore, type AuditRecord, type ChangeToCommit, type ConfigStore } from '@config-service/contract';
import { openDatabase, type Database } from './open-database';
import { MikroConfigStore } from './mikro-config-store';
import { MikroAuditStore } from './mikro-audit-store';

/*
 * The storage port of the contract engine, proven the same on each of its adapters: the
 * server's MikroORM store (here on SQLite; the contract suite runs it on PostgreSQL too) and
 * the in-memory store the MSW mock runs. One suite, every adapter.
 */

interface Adapter {
  store: ConfigStore;
  /** Audit rows written so far, oldest first. */
  auditRows(): Promise<AuditRecord[]>;
  /** The size of every batch of write units committed so far, in order. */
  batches: number[];
  close(): Promise<void>;
}

const adapters: Record<string, () => Promise<Adapter>> = {
  async mikroorm_sqlite() {
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-port-'));
    const db: Database = await openDatabase({ dataDir });
    const audit = new MikroAuditStore(db);
    const batches: number[] = [];
    return {
      store: new MikroConfigStore(db, { onBatch: (size) => batches.push(size) }),
      batches,
      auditRows: async () => (await audit.list({ limit: 1000 })).reverse(),
      async close() {
        await db.close();
        rmSync(dataDir, { recursive: true, force: true });
      },
    };
  },
  async memory() {
    const rows: AuditRecord[] = [];
    const batches: number[] = [];
    return {
      store: new MemoryConfigStore({ audit: { append: (record) => rows.push(record) }, onBatch: (size) => batches.push(size) }),
      batches,
      auditRows: async () => [...rows],
      close: async () => undefined,
    };
  },
};

let clock = Date.parse('2026-11-25T10:00:00.000Z');
/** Whole seconds, so both adapters give the same dates back. */
const tick = () => new Date((clock += 1000));

function change(key: string, version: number, action: HistoryAction, value: string | null = `"${key}-${version}"`, namespace = 'ns'): ChangeToCommit {
  return { namespace, key, version, action, valueJson: value, metadataJson: value === null ? null : `{"v":${version}}`, secret: false, actor: 'tester', at: tick() };
}

function audit(entityId: string): AuditRecord {
  return { action: 'updated', entityType: 'config', entityId, userId: 'tester', changesJson: '{"x":1}', requestId: 'req-1', at: tick() };
}

describe.each(Object.keys(adapters))('the config store port on %s', (name) => {
  let adapter: Adapter;
  let store: ConfigStore;
  beforeAll(async () => {
    adapter = await adapters[name]!();
    store = adapter.store;
  });
  afterAll(() => adapter.close());

  it('commits a change at the next revision, with its history item and audit row, in one transaction', async () => {
    const entry = await store.write(async (tx) => {
      expect(await tx.getEntry('ns', 'a')).toBeNull();
      const committed = await tx.commit(change('a', 1, 'created'));
      await tx.appendAudit(audit('ns/a'));
      return committed;
    });
    expect(entry).toMatchObject({ namespace: 'ns', key: 'a', version: 1, revision: 1, deleted: false, valueJson: '"a-1"', metadataJson: '{"v":1}', updatedBy: 'tester' });
    expect(await store.getEntry('ns', 'a')).toEqual(entry);
    expect(await store.listHistory('ns', 'a', { limit: 10 })).toMatchObject([{ version: 1, revision: 1, action: 'created', valueJson: '"a-1"' }]);
    expect((await adapter.auditRows()).map((row) => row.entityId)).toEqual(['ns/a']);
  });

  it('gives the revision back when a transaction commits nothing or fails, and leaves nothing behind', async () => {
    expect(await store.write(async (tx) => (await tx.getEntry('ns', 'a'))?.version)).toBe(1);
    await expect(
      store.write(async (tx) => {
        await tx.commit(change('b', 1, 'created'));
        await tx.appendAudit(audit('ns/b'));
        throw new Error('refused after the commit call');
      }),
    ).rejects.toThrow('refused after the commit call');
    expect(await store.getEntry('ns', 'b')).toBeNull();
    expect(await store.listHistory('ns', 'b', { limit: 10 })).toEqual([]);
    expect((await adapter.auditRows()).map((row) => row.entityId)).toEqual(['ns/a']);
    const next = await store.write((tx) => tx.commit(change('b', 1, 'created')));
    expect(next.revision).toBe(2);
  });

  it('takes one change per transaction', async () => {
    await expect(
      store.write(async (tx) => {
        await tx.commit(change('c', 1, 'created'));
        await tx.commit(change('d', 1, 'created'));
      }),
    ).rejects.toThrow(/one change per write transaction/);
    expect(await store.getEntry('ns', 'c')).toBeNull();
  });

  it('keeps a tombstone with its version, a new life after it, and the history through both', async () => {
    const created = (await store.getEntry('ns', 'a'))!;
    const updated = await store.write((tx) => tx.commit(change('a', 2, 'updated')));
    expect(updated.createdAt).toEqual(created.createdAt);
    const tombstone = await store.write((tx) => tx.commit(change('a', 3, 'deleted', null)));
    expect(tombstone).toMatchObject({ version: 3, deleted: true, revision: updated.revision + 1 });
    expect(await store.getEntry('ns', 'a')).toMatchObject({ deleted: true, version: 3 });
    const again = await store.write((tx) => tx.commit(change('a', 4, 'created')));
    expect(again.createdAt > created.createdAt).toBe(true);
    expect(again).toMatchObject({ deleted: false, version: 4 });
    const history = await store.listHistory('ns', 'a', { limit: 10 });
    expect(history.map((item) => [item.version, item.action, item.valueJson])).toEqual([
      [4, 'created', '"a-4"'],
      [3, 'deleted', null],
      [2, 'updated', '"a-2"'],
      [1, 'created', '"a-1"'],
    ]);
    expect((await store.listHistory('ns', 'a', { beforeVersion: 3, limit: 1 })).map((item) => item.version)).toEqual([2]);
    await store.write(async (tx) => {
      expect(await tx.getHistoryItem('ns', 'a', 3)).toMatchObject({ action: 'deleted', valueJson: null });
      expect(await tx.getHistoryItem('ns', 'a', 9)).toBeNull();
    });
  });

  it('lists live entries in byte order by prefix and after a key, with the revision it saw', async () => {
    for (const key of ['p.b', 'p.a', 'P.c', 'p.c', 'q']) {
      await store.write((tx) => tx.commit(change(key, 1, 'created')));
    }
    await store.write((tx) => tx.commit(change('p.c', 2, 'deleted', null)));
    await store.write((tx) => tx.commit(change('x', 1, 'created', '1', 'other')));
    const all = await store.listEntries('ns', { limit: 100 });
    expect(all.items.map((entry) => entry.key)).toEqual(['P.c', 'a', 'b', 'p.a', 'p.b', 'q']);
    const head = all.revision;
    expect(head).toBe((await store.getEntry('other', 'x'))!.revision);
    expect((await store.listEntries('ns', { prefix: 'p.', limit: 100 })).items.map((entry) => entry.key)).toEqual(['p.a', 'p.b']);
    expect((await store.listEntries('ns', { afterKey: 'b', limit: 2 })).items.map((entry) => entry.key)).toEqual(['p.a', 'p.b']);
    expect(await store.listEntries('empty', { limit: 10 })).toEqual({ revision: head, items: [] });
  });

  it('counts live entries per namespace with their latest update', async () => {
    const namespaces = await store.listNamespaces();
    expect(namespaces.map((ns) => [ns.name, ns.configCount])).toEqual([
      ['ns', 6],
      ['other', 1],
    ]);
    expect(namespaces[1]!.updatedAt).toEqual((await store.getEntry('other', 'x'))!.updatedAt);
  });

  it('runs concurrent write transactions one after another, each reading what the last committed', async () => {
    const start = (await store.listEntries('ns', { limit: 1 })).revision;
    const increments = Array.from({ length: 8 }, () =>
      store.write(async (tx) => {
        const current = await tx.getEntry('ns', 'counter');
        const version = (current?.version ?? 0) + 1;
        return tx.commit(change('counter', version, version === 1 ? 'created' : 'updated', String(version)));
      }),
    );
    const committed = await Promise.all(increments);
    expect(committed.map((entry) => entry.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => start + i + 1));
    expect(await store.getEntry('ns', 'counter')).toMatchObject({ version: 8, valueJson: '8' });
  });

  it('commits units that wait together in one transaction, each with its own revision, result and error', async () => {
    const start = (await store.listEntries('ns', { limit: 1 })).revision;
    const auditBefore = (await adapter.auditRows()).length;
    adapter.batches.length = 0;
    // Of 12 units arriving together: every 4th from the 2nd throws after staging its change,
    // every 4th from the 3rd commits nothing, the others commit a change and its audit row.
    const kinds = Array.from({ length: 12 }, (_, i) => (['commits', 'throws', 'nothing', 'commits'] as const)[i % 4]!);
    const settled = await Promise.allSettled(
      kinds.map((kind, i) =>
        store.write(async (tx) => {
          if (kind === 'nothing') return (await tx.getEntry('ns', `g${i}`)) ?? 'nothing';
          const entry = await tx.commit(change(`g${i}`, 1, 'created'));
          await tx.appendAudit(audit(`ns/g${i}`));
          if (kind === 'throws') throw new Error(`unit ${i} refused`);
          return entry;
        }),
      ),
    );
    expect(adapter.batches.reduce((sum, size) => sum + size, 0)).toBe(12);
    expect(adapter.batches.length).toBeLessThan(12);
    // The committed units took the next revisions, in the order they were submitted, no holes.
    const committedKeys = kinds.flatMap((kind, i) => (kind === 'commits' ? [`g${i}`] : []));
    let revision = start;
    settled.forEach((outcome, i) => {
      if (kinds[i] === 'throws') expect(outcome).toMatchObject({ status: 'rejected', reason: { message: `unit ${i} refused` } });
      else if (kinds[i] === 'nothing') expect(outcome).toEqual({ status: 'fulfilled', value: 'nothing' });
      else expect(outcome).toMatchObject({ status: 'fulfilled', value: { key: `g${i}`, version: 1, revision: ++revision } });
    });
    expect(revision).toBe(start + committedKeys.length);
    expect((await store.listEntries('ns', { prefix: 'g', limit: 100 })).items.map((entry) => entry.key).sort()).toEqual([...committedKeys].sort());
    for (const [i, kind] of kinds.entries()) {
      expect(await store.listHistory('ns', `g${i}`, { limit: 10 })).toHaveLength(kind === 'commits' ? 1 : 0);
    }
    expect((await adapter.auditRows()).slice(auditBefore).map((row) => row.entityId)).toEqual(committedKeys.map((key) => `ns/${key}`));
    expect((await store.listEntries('ns', { limit: 1 })).revision).toBe(revision);
  });
});

describe.each(Object.keys(adapters))('the schema part of the port on %s', (name) => {
  let adapter: Adapter;
  let store: ConfigStore;
  beforeAll(async () => {
    adapter = await adapters[name]!();
    store = adapter.store;
  });
  afterAll(async () => {
    await adapter.close();
  });

  const schema = (key: string, version: number, schemaJson = `{"type":"integer","maximum":${version}}`) => ({
    namespace: 'ns',
    key,
    schemaJson,
    version,
    updatedAt: tick(),
    updatedBy: 'tester',
  });

  it('stores, lists in key order, deletes as a tombstone that keeps the version, and takes no revision', async () => {
    const before = (await store.listEntries('ns', { limit: 1 })).revision;
    await store.writeSchema(async (tx) => {
      expect(await tx.getSchema('ns', 'b')).toBeNull();
      await tx.putSchema(schema('b', 1));
      await tx.appendAudit({ ...audit('ns/b'), action: 'schema_updated' });
    });
    await store.writeSchema((tx) => tx.putSchema(schema('a', 1, '{"type":"string"}')));
    expect(await store.getSchema('ns', 'b')).toMatchObject({ schemaJson: expect.stringContaining('"maximum"'), version: 1, updatedBy: 'tester' });
    expect((await store.listSchemas('ns')).map((s) => [s.key, s.version])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
    await store.writeSchema((tx) => tx.deleteSchema('ns', 'b', tick(), 'tester'));
    expect(await store.getSchema('ns', 'b')).toBeNull();
    expect((await store.listSchemas('ns')).map((s) => s.key)).toEqual(['a']);
    await store.writeSchema(async (tx) => {
      expect(await tx.getSchema('ns', 'b')).toMatchObject({ version: 1, deleted: true });
      await tx.putSchema(schema('b', 2));
    });
    expect(await store.getSchema('ns', 'b')).toMatchObject({ version: 2 });
    expect((await store.listEntries('ns', { limit: 1 })).revision).toBe(before);
    expect((await adapter.auditRows()).map((row) => row.action)).toContain('schema_updated');
  });

  it('writes nothing when the work throws', async () => {
    await expect(
      store.writeSchema(async (tx) => {
        await tx.putSchema(schema('c', 1));
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(await store.getSchema('ns', 'c')).toBeNull();
  });

  it("shows a write transaction the key's live schema", async () => {
    const seen = await store.write(async (tx) => [await tx.getSchema('ns', 'b'), await tx.getSchema('ns', 'none')]);
    expect(seen[0]).toMatchObject({ key: 'b', version: 2 });
    expect(seen[1]).toBeNull();
  });

  it('shows the schema the same after the entry was read: with or without an entry, with or without a schema', async () => {
    await store.write((tx) => tx.commit(change('with-entry', 1, 'created')));
    await store.writeSchema((tx) => tx.putSchema(schema('with-entry', 1)));
    await store.write((tx) => tx.commit(change('entry-only', 1, 'created')));
    const seen = await store.write(async (tx) => {
      const pairs = [];
      for (const key of ['b', 'with-entry', 'entry-only', 'none', 'c']) pairs.push([await tx.getEntry('ns', key), await tx.getSchema('ns', key)]);
      return pairs;
    });
    expect(seen.map(([entry, schema]) => [entry?.key ?? null, schema?.key ?? null, schema?.version ?? null])).toEqual([
      [null, 'b', 2],
      ['with-entry', 'with-entry', 1],
      ['entry-only', null, null],
      [null, null, null],
      [null, null, null],
    ]);
    expect(seen[1]![1]).toEqual(await store.getSchema('ns', 'with-entry'));
    expect(seen[1]![0]).toEqual(await store.getEntry('ns', 'with-entry'));
  });
});

describe('group commit on the MikroORM store when the database refuses one unit', () => {
  let adapter: Adapter;
  beforeAll(async () => {
    adapter = await adapters.mikroorm_sqlite!();
  });
  afterAll(() => adapter.close());

  it('rolls the batch back and runs each unit alone: the refused one fails, its neighbours commit once', async () => {
    const { store } = adapter;
    await store.write((tx) => tx.commit(change('dup', 1, 'created')));
    // How many times each unit's work ran: once in the batch of three, once more alone.
    const runs = { left: 0, dup: 0, right: 0 };
    // The middle unit writes version 1 of `dup` again: the history's unique version refuses it.
    const settled = await Promise.allSettled([
      store.write((tx) => (runs.left++, tx.commit(change('left', 1, 'created')))),
      store.write(async (tx) => (runs.dup++, tx.commit({ ...change('dup', 1, 'updated'), version: 1 }))),
      store.write((tx) => (runs.right++, tx.commit(change('right', 1, 'created')))),
    ]);
    expect(settled.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    // The batch of three failed as a whole (so committed nothing), then each ran alone: the
    // first create, then left and right, each a batch of one.
    expect(runs).toEqual({ left: 2, dup: 2, right: 2 });
    expect(adapter.batches).toEqual([1, 1, 1]);
    const [left, , right] = settled as PromiseFulfilledResult<{ revision: number }>[];
    expect([left!.value.revision, right!.value.revision]).toEqual([2, 3]);
    expect(await store.listHistory('ns', 'left', { limit: 10 })).toHaveLength(1);
    expect(await store.listHistory('ns', 'right', { limit: 10 })).toHaveLength(1);
    expect(await store.listHistory('ns', 'dup', { limit: 10 })).toMatchObject([{ version: 1, action: 'created' }]);
    expect((await store.listEntries('ns', { limit: 10 })).revision).toBe(3);
  });
});

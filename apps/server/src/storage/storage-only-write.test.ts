import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChangeFeed, ConfigEngine, type Actor } from '@config-service/contract';
import { openDatabase, type Database } from './open-database';
import { MikroConfigStore } from './mikro-config-store';
import { driverOnlyWrite, storageOnlyWrite, type StorageOnlyWrite } from './storage-only-write';

/*
 * The bench's storage floors are only floors if they write what the server writes: the same
 * rows, column for column (times aside), as ConfigEngine.put on the server's store.
 */
describe('the storage-alone writes the bench measures', () => {
  const dirs: string[] = [];
  const databases: Database[] = [];
  afterAll(async () => {
    for (const database of databases) await database.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  const open = async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-storage-only-'));
    dirs.push(dataDir);
    const database = await openDatabase({ dataDir });
    databases.push(database);
    return database;
  };
  const actor: Actor = { name: 'bench', keyId: 'bench-key', requestId: null };

  /** Every row a write leaves, without the columns that hold the time it ran. */
  const rowsOf = async (database: Database) => {
    const sql = (text: string) => database.em().getConnection().execute(text) as Promise<Record<string, unknown>[]>;
    return {
      entries: await sql('select namespace, config_key, value, metadata, secret, version, revision, deleted, updated_by from configurations order by config_key'),
      history: await sql('select namespace, config_key, version, revision, action, value, metadata, secret, created_by from configuration_history order by revision'),
      audit: await sql('select action, entity_type, entity_id, user_id, changes, request_id from audit_logs order by id'),
      revision: await sql('select value from revision_counter'),
    };
  };

  /** A create, then an update, of two keys: through `write`. */
  const writeAll = async (write: StorageOnlyWrite) => {
    for (const [key, value] of [['a', { n: 1 }], ['b', 'two'], ['a', { n: 3, list: [1, 2] }]] as const) await write('ns', key, value);
  };

  it('store and driver write the rows ConfigEngine.put writes, column for column', async () => {
    const engineDb = await open();
    const engine = new ConfigEngine({ store: new MikroConfigStore(engineDb), feed: new ChangeFeed() });
    await writeAll(async (namespace, key, value) => (await engine.put(actor, namespace, key, { value })).entry);

    const storeDb = await open();
    const store = new MikroConfigStore(storeDb);
    await writeAll((namespace, key, value) => storageOnlyWrite(store, namespace, key, value, actor));

    const driverDb = await open();
    const driver = await driverOnlyWrite(driverDb, actor);
    try {
      await writeAll(driver.write);
    } finally {
      // Else closing the database would wait for the connection the driver floor holds.
      await driver.release();
    }

    const expected = await rowsOf(engineDb);
    expect(expected.history).toHaveLength(3);
    expect(expected.audit).toHaveLength(3);
    expect(await rowsOf(storeDb)).toEqual(expected);
    expect(await rowsOf(driverDb)).toEqual(expected);
  });
});

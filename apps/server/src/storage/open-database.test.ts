import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from './open-database';

describe('the embedded SQLite database', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-open-db-'));
  let database: Database | undefined;
  afterEach(async () => {
    vi.useRealTimers();
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sets its pragmas on every connection, also on the ones the pool opens later', async () => {
    database = await openDatabase({ dataDir });
    const pragma = async (name: string) => {
      const [row] = (await database!.em().getConnection().execute(`pragma ${name}`)) as Record<string, unknown>[];
      return Object.values(row ?? {})[0];
    };
    expect(await pragma('busy_timeout')).toBe(5000);
    // MikroORM's libsql dialect replaces a connection once it is 10 s old.
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 11_000 });
    expect(await pragma('busy_timeout')).toBe(5000);
    expect(await pragma('synchronous')).toBe(2);
    expect(await pragma('foreign_keys')).toBe(1);
    expect(await pragma('journal_mode')).toBe('wal');
  });

  it('runs the migrations a database lacks, and opening an up-to-date one again changes nothing', async () => {
    const sql = (text: string) => database!.em().getConnection().execute(text) as Promise<Record<string, unknown>[]>;
    const migrated = async () => (await sql('select name from schema_migrations order by id')).map((row) => row.name);
    database = await openDatabase({ dataDir });
    const all = ['Migration0001Initial', 'Migration0002AuditLog', 'Migration0003ConfigSchemas'];
    expect(await migrated()).toEqual(all);
    // A database from before the last migration: its table and its row are not there.
    await sql('drop table config_schemas');
    await sql("delete from schema_migrations where name = 'Migration0003ConfigSchemas'");
    await database.close();
    database = await openDatabase({ dataDir });
    expect(await migrated()).toEqual(all);
    expect(await sql('select count(*) as n from config_schemas')).toEqual([{ n: 0 }]);
    // Up to date: opening it again applies nothing twice. (That it then loads no migrator at
    // all shows only in the start-up time: a migrator with nothing to do writes nothing either.)
    await database.close();
    database = await openDatabase({ dataDir });
    expect(await migrated()).toEqual(all);
  });
});

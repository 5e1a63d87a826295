import { configChangeAudit, type Actor, type ChangeToCommit, type ConfigStore, type StoredEntry } from '@config-service/contract';
import type { Database } from './open-database';
import { ormPool, runLibSqlStatement, type LibSqlConnection, type Statement } from './sql-session';
import { TAKE_REVISION } from './revision-counter';
import { auditStatement, changeStatements, entryAndSchemaOf, entryAndSchemaRead, type JoinedRow } from './entry-sql';

/*
 * The rows a PUT of a value writes, with none of the engine's rules (no checks, no schema, no
 * codec, no change announced): read the entry; write it, its history item and its audit row
 * (the engine's, configChangeAudit); commit. What the bench calls "storage alone", in one
 * process (in-process-write-times.ts) and behind a bare HTTP server (storage-floor-server.ts).
 */

/** A PUT of `value` to `namespace`/`key`, stored alone: the entry as written. */
export type StorageOnlyWrite = (namespace: string, key: string, value: unknown) => Promise<StoredEntry>;

/** The change a PUT of `value` makes over `current` (null: the key never existed). */
export function storageOnlyChange(current: StoredEntry | null, namespace: string, key: string, value: unknown, actor: Actor): ChangeToCommit {
  const action = current && !current.deleted ? 'updated' : 'created';
  return { namespace, key, version: (current?.version ?? 0) + 1, action, valueJson: JSON.stringify(value), metadataJson: null, secret: false, actor: actor.name, at: new Date() };
}

/** A PUT of `value`, stored alone, through the store's write. */
export function storageOnlyWrite(store: ConfigStore, namespace: string, key: string, value: unknown, actor: Actor): Promise<StoredEntry> {
  return store.write(
    async (tx) => {
      const current = await tx.getEntry(namespace, key);
      const change = storageOnlyChange(current, namespace, key, value, actor);
      const entry = await tx.commit(change);
      await tx.appendAudit(configChangeAudit(actor, change.action, entry, change.valueJson, current?.version ?? null));
      return entry;
    },
    { namespace, key },
  );
}

/**
 * The same PUT as synchronous driver calls on embedded SQLite, with no store around them (no
 * group commit: one transaction per PUT; no session, no await): begin, take the revision,
 * read, write the rows, commit, with the write path's own statements. It holds SQLite's one
 * connection, taken from the ORM's pool, until `release`: until then nothing else can use
 * `database`.
 */
export async function driverOnlyWrite(database: Database, actor: Actor): Promise<{ write: StorageOnlyWrite; release(): Promise<void> }> {
  if (database.kind !== 'sqlite') throw new Error('driverOnlyWrite is for embedded SQLite');
  const pool = ormPool<LibSqlConnection>(database);
  const connection = await pool.acquireConnection();
  const run = (statement: Statement) => runLibSqlStatement(connection, statement);
  const write: StorageOnlyWrite = async (namespace, key, value) => {
    run({ sql: 'begin', params: [] });
    try {
      const [taken] = run(TAKE_REVISION);
      if (!taken) throw new Error('revision_counter has no row: the initial migration did not run');
      const revision = Number(taken.value);
      const [row] = run(entryAndSchemaRead(namespace, key));
      const { entry: current } = entryAndSchemaOf(row as JoinedRow | undefined, namespace, key);
      const change = storageOnlyChange(current, namespace, key, value, actor);
      const { entry, statements } = changeStatements(change, revision, current);
      for (const statement of statements) run(statement);
      run(auditStatement(configChangeAudit(actor, change.action, entry, change.valueJson, current?.version ?? null)));
      run({ sql: 'commit', params: [] });
      return entry;
    } catch (error) {
      // The write's own error is the answer, whatever the rollback meets.
      try {
        run({ sql: 'rollback', params: [] });
      } catch {}
      throw error;
    }
  };
  let released: Promise<void> | undefined;
  return { write, release: () => (released ??= pool.releaseConnection(connection)) };
}

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ConfigRowSchema } from './entities/config-row';
import { HistoryRowSchema } from './entities/history-row';
import { ApiKeyRowSchema } from './entities/api-key-row';
import { AuditRowSchema } from './entities/audit-row';
import { SchemaRowSchema } from './entities/schema-row';
import { MIGRATIONS } from './migrations/migration-list';
import { reusePreparedStatements } from './prepared-statement-cache';
import { UnavailableError } from '@config-service/core';
import { isStorageFull, translateDatabaseError } from './translate-database-error';
import { StoragePressure } from './storage-pressure';

export type DatabaseKind = 'sqlite' | 'postgresql';

export interface Database {
  kind: DatabaseKind;
  /** Where it is, for the start-up line (never with a password). */
  location: string;
  orm: MikroORM;
  /** Whether writes lately failed for want of space (what `/health` reports as `storage`). */
  storage: StoragePressure;
  /** A fresh EntityManager; each unit of work forks its own. */
  em(): SqlEntityManager;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…`; unset means the embedded SQLite file in dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
  /** How long to keep trying to reach PostgreSQL at start-up. @default 120 */
  waitSeconds?: number;
  /** Told about each failed attempt while waiting. */
  onWaiting?: (message: string) => void;
}

const entities = [ConfigRowSchema, HistoryRowSchema, ApiKeyRowSchema, AuditRowSchema, SchemaRowSchema];
const MIGRATION_TABLE = 'schema_migrations';
const migrationOptions = { silent: true, transactional: true, allOrNothing: true, snapshot: false, tableName: MIGRATION_TABLE };

/** Opens the database named by the options and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const orm = options.databaseUrl
    ? await waitForPostgres(options.databaseUrl, options.waitSeconds ?? 120, options.onWaiting ?? (() => undefined))
    : await explainFullDisk(options.dataDir, () => openSqlite(options.dataDir));
  await closingOnFailure(orm, () => (options.databaseUrl ? migrate(orm) : explainFullDisk(options.dataDir, () => migrate(orm))));
  const kind: DatabaseKind = options.databaseUrl ? 'postgresql' : 'sqlite';
  return {
    kind,
    location: options.databaseUrl ? redactUrl(options.databaseUrl) : join(resolve(options.dataDir), 'config.db'),
    orm,
    storage: new StoragePressure(),
    em: () => orm.em.fork() as SqlEntityManager,
    close: () => orm.close(true),
  };
}

/**
 * In a pod PostgreSQL often starts after the server: connection failures are retried with
 * backoff (0.25 s doubling to 5 s) until `waitSeconds`, then start-up fails naming DATABASE_URL.
 */
async function waitForPostgres(url: string, waitSeconds: number, onWaiting: (message: string) => void): Promise<MikroORM> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (let attempt = 1, delayMs = 250; ; attempt++, delayMs = Math.min(delayMs * 2, 5000)) {
    try {
      return await openPostgres(url);
    } catch (error) {
      if (!(translateDatabaseError(error) instanceof UnavailableError)) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      if (Date.now() + delayMs > deadline) {
        throw new Error(
          `cannot reach the PostgreSQL named by DATABASE_URL (${redactUrl(url)}) after ${attempt} attempts in ${waitSeconds} s: ${reason}. ` +
            'Check DATABASE_URL and that the database is up; CONFIG_SERVICE_DATABASE_WAIT_SECONDS sets how long start-up waits.',
          { cause: error },
        );
      }
      onWaiting(`waiting for the PostgreSQL named by DATABASE_URL (${redactUrl(url)}): ${reason}; attempt ${attempt + 1} in ${delayMs} ms`);
      await new Promise((done) => setTimeout(done, delayMs));
    }
  }
}

/** A start-up step that fails closes the connection it opened: the process can then exit. */
async function closingOnFailure(orm: MikroORM, step: () => Promise<unknown>): Promise<void> {
  try {
    await step();
  } catch (error) {
    await orm.close(true).catch(() => undefined);
    throw error;
  }
}

/** A full or failing disk at start-up says so, instead of SQLite's bare "disk I/O error". */
async function explainFullDisk<T>(dataDir: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (error) {
    if (isStorageFull(error)) {
      throw new Error(`cannot write the embedded database in ${resolve(dataDir)} (CONFIG_SERVICE_DATA_DIR): the disk is full or failing (${(error as Error).message})`, { cause: error });
    }
    throw error;
  }
}

async function openSqlite(dataDir: string): Promise<MikroORM> {
  mkdirSync(dataDir, { recursive: true });
  // Each database's driver is loaded only when it is the one in use.
  const { MikroORM: LibSqlORM, defineConfig: defineLibSqlConfig } = await import('@mikro-orm/libsql');
  const orm = await LibSqlORM.init(
    defineLibSqlConfig({
      dbName: join(resolve(dataDir), 'config.db'),
      entities,
      migrations: migrationOptions,
      // One connection: SQLite has one writer anyway, and one connection makes every
      // transaction exclusive, which is what keeps revisions in commit order.
      pool: { min: 1, max: 1, afterCreate: configureSqliteConnection },
      discovery: { warnWhenNoEntities: false },
      debug: false,
    }),
  );
  const connection = orm.em.getConnection();
  await closingOnFailure(orm as unknown as MikroORM, async () => {
    // WAL (kept in the file itself): readers never wait for the writer.
    await connection.execute('pragma journal_mode = wal');
  });
  return orm as unknown as MikroORM;
}

/**
 * What SQLite keeps per connection, set on each one the pool opens: MikroORM's libsql dialect
 * replaces its connection once it is 10 s old, and settings made once through the ORM were lost
 * with the first one. synchronous = full (SQLite's default, said here so nobody lowers it for
 * speed): each commit is fsynced before a write is acknowledged, so an acknowledged change
 * survives a power cut; NORMAL would risk the last ones. Group commit is what shares that fsync
 * between writes that arrive together. busy_timeout: a CLI `backup` or `rotate` beside the
 * server waits for the lock instead of failing at once.
 */
function configureSqliteConnection(connection: Parameters<typeof reusePreparedStatements>[0] & { exec(sql: string): unknown }, done: (error: Error | null, connection: unknown) => void): void {
  try {
    connection.exec('pragma busy_timeout = 5000; pragma synchronous = full; pragma foreign_keys = on');
  } catch (error) {
    return done(error as Error, connection);
  }
  reusePreparedStatements(connection, done);
}

async function openPostgres(url: string): Promise<MikroORM> {
  const { MikroORM: PostgresORM, defineConfig: definePostgresConfig } = await import('@mikro-orm/postgresql');
  const orm = await PostgresORM.init(
    definePostgresConfig({
      clientUrl: url,
      entities,
      migrations: migrationOptions,
      pool: { min: 1, max: 10 },
      discovery: { warnWhenNoEntities: false },
      debug: false,
    }),
  );
  return orm as unknown as MikroORM;
}

/**
 * Brings the schema up to date. Most starts find every migration applied: then the migrator
 * (and the migrations) are never loaded. Replicas starting together on one empty database race
 * to create the tables; the loser fails, waits, and finds the migration already applied.
 */
async function migrate(orm: MikroORM): Promise<void> {
  if (await appliedAll(orm)) return;
  const [{ Migrator }, migrationsList] = await Promise.all([
    import('@mikro-orm/migrations'),
    Promise.all(MIGRATIONS.map(async ({ name, load }) => ({ name, class: await load() }))),
  ]);
  orm.config.set('migrations', { ...orm.config.get('migrations'), migrationsList });
  const migrator = new Migrator(orm.em as SqlEntityManager);
  for (let attempt = 1; ; attempt++) {
    try {
      await migrator.up();
      return;
    } catch (error) {
      if (attempt >= 5 || process.env.CS_DEBUG_MIGRATIONS) throw error;
      await new Promise((done) => setTimeout(done, 200 * attempt + Math.random() * 200));
    }
  }
}

/** Whether the migrations table names every migration this server has (false when there is none yet). */
async function appliedAll(orm: MikroORM): Promise<boolean> {
  let rows: { name: string }[];
  try {
    rows = (await orm.em.getConnection().execute(`select name from ${MIGRATION_TABLE}`)) as { name: string }[];
  } catch {
    // No table yet (a new database), or it could not be read: the migrator decides.
    return false;
  }
  const applied = new Set(rows.map((row) => row.name));
  return MIGRATIONS.every(({ name }) => applied.has(name));
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgresql';
  }
}

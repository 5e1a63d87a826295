import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MikroORM as LibSqlORM, defineConfig as defineLibSqlConfig } from '@mikro-orm/libsql';
import { MikroORM as PostgresORM, defineConfig as definePostgresConfig } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ConfigRowSchema } from './entities/config-row';
import { HistoryRowSchema } from './entities/history-row';
import { ApiKeyRowSchema } from './entities/api-key-row';
import { AuditRowSchema } from './entities/audit-row';
import { MIGRATIONS } from './migrations/migration-list';
import { reusePreparedStatements } from './prepared-statement-cache';

export type DatabaseKind = 'sqlite' | 'postgresql';

export interface Database {
  kind: DatabaseKind;
  /** Where it is, for the start-up line (never with a password). */
  location: string;
  orm: MikroORM;
  /** A fresh EntityManager; each unit of work forks its own. */
  em(): SqlEntityManager;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** `postgres://…`; unset means the embedded SQLite file in dataDir. */
  databaseUrl?: string | undefined;
  dataDir: string;
}

const entities = [ConfigRowSchema, HistoryRowSchema, ApiKeyRowSchema, AuditRowSchema];
const migrations = { migrationsList: MIGRATIONS, silent: true, transactional: true, allOrNothing: true, snapshot: false, tableName: 'schema_migrations' };

/** Opens the database named by the options and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const orm = options.databaseUrl ? await openPostgres(options.databaseUrl) : await openSqlite(options.dataDir);
  await migrateWithRetry(orm);
  const kind: DatabaseKind = options.databaseUrl ? 'postgresql' : 'sqlite';
  return {
    kind,
    location: options.databaseUrl ? redactUrl(options.databaseUrl) : join(resolve(options.dataDir), 'config.db'),
    orm,
    em: () => orm.em.fork() as SqlEntityManager,
    close: () => orm.close(true),
  };
}

async function openSqlite(dataDir: string): Promise<MikroORM> {
  mkdirSync(dataDir, { recursive: true });
  const orm = await LibSqlORM.init(
    defineLibSqlConfig({
      dbName: join(resolve(dataDir), 'config.db'),
      entities,
      extensions: [Migrator],
      migrations,
      // One connection: SQLite has one writer anyway, and one connection makes every
      // transaction exclusive, which is what keeps revisions in commit order.
      pool: { min: 1, max: 1, afterCreate: reusePreparedStatements },
      discovery: { warnWhenNoEntities: false },
      debug: false,
    }),
  );
  const connection = orm.em.getConnection();
  await connection.execute('pragma journal_mode = wal');
  await connection.execute('pragma busy_timeout = 5000');
  return orm as unknown as MikroORM;
}

async function openPostgres(url: string): Promise<MikroORM> {
  const orm = await PostgresORM.init(
    definePostgresConfig({
      clientUrl: url,
      entities,
      extensions: [Migrator],
      migrations,
      pool: { min: 1, max: 10 },
      discovery: { warnWhenNoEntities: false },
      debug: false,
    }),
  );
  return orm as unknown as MikroORM;
}

/**
 * Replicas starting together on one empty database race to create the tables; the loser
 * fails, waits, and finds the migration already applied.
 */
async function migrateWithRetry(orm: MikroORM): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await orm.getMigrator().up();
      return;
    } catch (error) {
      if (attempt >= 5 || process.env.CS_DEBUG_MIGRATIONS) throw error;
      await new Promise((done) => setTimeout(done, 200 * attempt + Math.random() * 200));
    }
  }
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

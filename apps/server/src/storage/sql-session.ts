import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Database } from './open-database';
import { isStorageFull, translateDatabaseError } from './translate-database-error';
import { PgPipeline } from './pg-pipeline';

/**
 * Statements run straight on one connection of the ORM's pool, with those whose answer the
 * caller does not need at once (begin, the writes) queued and sent with the next statement it
 * waits for: on PostgreSQL, where every round trip is a wait on the database (on its own core
 * or sharing the server's), a lone write is two round trips (begin, take the revision and read
 * the entry; write its rows and commit) instead of one per step.
 */
export interface SqlSession {
  /**
   * Runs the statements queued so far, then `sql` (with `?` placeholders) with `params` bound,
   * in order, in one round trip; the rows `sql` returned (none for a statement without a
   * result). Dates and booleans are stored as MikroORM stores them. If a queued statement
   * fails, this call rejects with its error and the statements after it do not run.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /**
   * As `query`, for a statement that gives at most one row: that row, if any. Read its columns
   * by name: on SQLite the row also holds the driver's `_metadata`.
   */
  queryRow<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
  /** Queues `statement` to run before the next `query`, in its round trip; `onRows` is given its rows then. */
  queue(statement: Statement, onRows?: (rows: Record<string, unknown>[]) => void): void;
  /** Drops the queue and rolls back the transaction, if one was begun on the database. */
  rollback(): Promise<void>;
}

export interface Statement {
  sql: string;
  params: readonly unknown[];
  /** It gives at most one row (SQLite then reads it in one call to the driver instead of two). */
  single?: boolean;
}

/** The ORM's (knex's) connection pool, as the write path takes connections from it. */
export interface PoolClient<Connection = unknown> {
  acquireConnection(): Promise<Connection>;
  releaseConnection(connection: Connection): Promise<void>;
}

/** The pool MikroORM itself uses for `db` (on SQLite, its one connection). */
export function ormPool<Connection = unknown>(db: Database): PoolClient<Connection> {
  return (db.orm.em as SqlEntityManager).getConnection().getKnex().client as PoolClient<Connection>;
}

/** A libsql connection (prepare is cached per connection: prepared-statement-cache.ts). */
export interface LibSqlConnection {
  prepare(sql: string): { all(params: unknown[]): unknown[]; get(params: unknown[]): unknown; run(params: unknown[]): unknown };
}

/** A pg Client. */
interface PgConnection {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
  query(submittable: PgPipeline): PgPipeline;
  getTypeParser(oid: number, format?: string): unknown;
  /** The statements pg has parsed on this connection, by name (pg keeps it; a parsed name is never parsed again). */
  connection: { parsedStatements: Record<string, string> };
}

/**
 * Runs `work` on one connection taken from the ORM's own pool, and gives it back. The write
 * path's thin query path: no unit of work, query builder or knex runner between the statement
 * and the driver. On SQLite each statement is prepared once per connection; on PostgreSQL each
 * is a named prepared statement, parsed and planned once per connection. The pool is the one
 * MikroORM uses, so SQLite keeps its single connection (every transaction exclusive).
 */
export async function withSqlSession<T>(db: Database, work: (session: SqlSession) => Promise<T>): Promise<T> {
  const pool = ormPool(db);
  const driver = db.orm.em.getDriver();
  let connection: unknown;
  try {
    connection = await pool.acquireConnection();
  } catch (error) {
    throw translateDatabaseError(error);
  }
  const dialect = db.kind === 'postgresql' ? pgDialect(connection as PgConnection) : libSqlDialect(connection as LibSqlConnection);
  const translated = async <R>(run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      if (isStorageFull(error)) db.storage.noteFull();
      // The typed errors MikroORM gives for the same failure, then the contract's.
      throw translateDatabaseError(isStorageFull(error) ? error : driver.convertException(error as Error));
    }
  };
  let queued: { statement: Statement; onRows?: (rows: Record<string, unknown>[]) => void }[] = [];
  let sent = false;
  const send = <R>(statement: Statement): Promise<R[]> => {
    const run = [...queued, { statement }];
    queued = [];
    sent = true;
    return translated(async () => {
      const results = await dialect.run(run.map((item) => item.statement));
      run.forEach((item, index) => item.onRows?.(results[index]!));
      return results[results.length - 1] as R[];
    });
  };
  const session: SqlSession = {
    query: (sql, params = []) => send({ sql, params }),
    queryRow: async <R>(sql: string, params: readonly unknown[] = []) => (await send<R>({ sql, params, single: true }))[0],
    queue: (statement, onRows) => {
      queued.push(onRows ? { statement, onRows } : { statement });
    },
    rollback: async () => {
      queued = [];
      if (sent) await translated(() => dialect.run([{ sql: 'rollback', params: [] }]));
    },
  };
  try {
    const result = await work(session);
    if (queued.length > 0) {
      // A bug in the caller: the transaction (and the revision lock) must not go back to the pool.
      await session.rollback().catch(() => undefined);
      throw new Error('queued statements were never sent: a session ends with a query (commit) or a rollback');
    }
    return result;
  } finally {
    await pool.releaseConnection(connection);
  }
}

interface Dialect {
  /** Runs `statements` in order (one round trip where the database is another process); the rows of each. */
  run(statements: readonly Statement[]): Promise<Record<string, unknown>[][]>;
}

/** `params` as MikroORM's libsql dialect binds them: epoch ms for dates, 0/1 for booleans. */
function libSqlValues(params: readonly unknown[]): unknown[] {
  return params.map((value) => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value));
}

const RETURNS_ROWS = /^\s*select\b|\breturning\b/i;

/** Runs `statement` on a libsql connection, in one synchronous call: its rows (none for a write). */
export function runLibSqlStatement(connection: LibSqlConnection, { sql, params, single }: Statement): Record<string, unknown>[] {
  const statement = connection.prepare(sql);
  const values = libSqlValues(params);
  if (single) {
    const row = statement.get(values) as Record<string, unknown> | undefined;
    return row ? [row] : [];
  }
  if (RETURNS_ROWS.test(sql)) return statement.all(values) as Record<string, unknown>[];
  statement.run(values);
  return [];
}

function libSqlDialect(connection: LibSqlConnection): Dialect {
  return {
    // In process: nothing is saved by sending them together.
    run: async (statements) => statements.map((statement) => runLibSqlStatement(connection, statement)),
  };
}

/** Statement names by SQL text: each is a named prepared statement, parsed once per connection. */
const pgNames = new Map<string, { name: string; text: string }>();

function pgStatement(sql: string): { name: string; text: string } {
  let named = pgNames.get(sql);
  if (!named) {
    let index = 0;
    named = { name: `cs_${pgNames.size + 1}`, text: sql.replace(/\?/g, () => `$${++index}`) };
    pgNames.set(sql, named);
  }
  return named;
}

function pgDialect(client: PgConnection): Dialect {
  const runOne = async (statement: Statement): Promise<Record<string, unknown>[]> =>
    (await client.query({ ...pgStatement(statement.sql), values: [...statement.params] })).rows as Record<string, unknown>[];
  return {
    async run(statements) {
      // A statement new to this connection runs alone once, which parses it (pg notes it
      // parsed); from then on it can go in a pipeline. Only the first writes of a connection pay.
      const parsed = client.connection.parsedStatements;
      if (statements.length === 1 || statements.some((statement) => !parsed[pgStatement(statement.sql).name])) {
        const results: Record<string, unknown>[][] = [];
        for (const statement of statements) results.push(await runOne(statement));
        return results;
      }
      const pipeline = new PgPipeline(
        statements.map((statement) => ({ name: pgStatement(statement.sql).name, values: statement.params })),
        client,
      );
      await new Promise<void>((resolve, reject) => {
        pipeline.callback = (error) => (error ? reject(error) : resolve());
        client.query(pipeline);
      });
      return pipeline.rows();
    },
  };
}

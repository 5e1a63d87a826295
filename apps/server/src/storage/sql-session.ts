import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Database } from './open-database';
import { isStorageFull, translateDatabaseError } from './translate-database-error';

/** Statements run straight on one connection of the ORM's pool. */
export interface SqlSession {
  /**
   * Runs `sql` (with `?` placeholders) with `params` bound; the rows it returned (none for a
   * statement without a result). Dates and booleans are stored as MikroORM stores them.
   */
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  /** Begins a transaction and runs `sql` (no parameters) first in it: one round trip. */
  beginWith<T = Record<string, unknown>>(sql: string): Promise<T[]>;
  /**
   * Runs write statements (insert, update, delete; no results) that do not depend on each
   * other's effects, in order, as one round trip: on PostgreSQL one statement, the others as
   * data-modifying CTEs of the last (they all see the same snapshot, so none may read what
   * another writes); SQLite runs them in turn, in process.
   */
  writeAll(statements: readonly Statement[]): Promise<void>;
}

export interface Statement {
  sql: string;
  params: readonly unknown[];
}

interface PoolClient {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/** A libsql connection (prepare is cached per connection: prepared-statement-cache.ts). */
interface LibSqlConnection {
  prepare(sql: string): { all(params: unknown[]): unknown[]; run(params: unknown[]): unknown };
}

/** A pg client. */
interface PgConnection {
  query(config: { name?: string; text: string; values?: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs `work` on one connection taken from the ORM's own pool, and gives it back. The write
 * path's thin query path: no unit of work, query builder or knex runner between the statement
 * and the driver. On SQLite each statement is prepared once per connection; on PostgreSQL each
 * is a named prepared statement, parsed and planned once per connection. The pool is the one
 * MikroORM uses, so SQLite keeps its single connection (every transaction exclusive).
 */
export async function withSqlSession<T>(db: Database, work: (session: SqlSession) => Promise<T>): Promise<T> {
  const em = db.orm.em as SqlEntityManager;
  const pool = em.getConnection().getKnex().client as PoolClient;
  const driver = em.getDriver();
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
  const session: SqlSession = {
    query: <R>(sql: string, params: readonly unknown[] = []) => translated(async () => (await dialect.query(sql, params)) as R[]),
    beginWith: <R>(sql: string) => translated(async () => (await dialect.beginWith(sql)) as R[]),
    writeAll: (statements) => translated(() => dialect.writeAll(statements)),
  };
  try {
    return await work(session);
  } finally {
    await pool.releaseConnection(connection);
  }
}

interface Dialect {
  query(sql: string, params: readonly unknown[]): Promise<unknown[]>;
  beginWith(sql: string): Promise<unknown[]>;
  writeAll(statements: readonly Statement[]): Promise<void>;
}

const RETURNS_ROWS = /^\s*select\b|\breturning\b/i;

function libSqlDialect(connection: LibSqlConnection): Dialect {
  const query = async (sql: string, params: readonly unknown[]): Promise<unknown[]> => {
    const statement = connection.prepare(sql);
    // As MikroORM's libsql dialect binds them: epoch ms for dates, 0/1 for booleans.
    const values = params.map((value) => (value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value));
    if (RETURNS_ROWS.test(sql)) return statement.all(values);
    statement.run(values);
    return [];
  };
  return {
    query,
    async beginWith(sql) {
      await query('begin', []);
      return query(sql, []);
    },
    async writeAll(statements) {
      for (const statement of statements) await query(statement.sql, statement.params);
    },
  };
}

/** Statement names by SQL text: pg prepares a named statement once per connection. */
const pgNames = new Map<string, { name: string; text: string }>();

function pgDialect(connection: PgConnection): Dialect {
  const query = async (sql: string, params: readonly unknown[]): Promise<unknown[]> => {
    if (params.length === 0) return (await connection.query({ text: sql })).rows;
    let named = pgNames.get(sql);
    if (!named) {
      let index = 0;
      named = { name: `cs_${pgNames.size + 1}`, text: sql.replace(/\?/g, () => `$${++index}`) };
      pgNames.set(sql, named);
    }
    return (await connection.query({ ...named, values: [...params] })).rows;
  };
  return {
    query,
    async beginWith(sql) {
      // Without parameters, pg sends both in one simple query and answers with both results.
      const results = (await connection.query({ text: `begin; ${sql}` })) as unknown as { rows: unknown[] }[];
      return results[results.length - 1]!.rows;
    },
    async writeAll(statements) {
      if (statements.length === 0) return;
      const last = statements[statements.length - 1]!;
      const ctes = statements.slice(0, -1).map((statement, index) => `w${index} as (${statement.sql})`);
      const sql = ctes.length > 0 ? `with ${ctes.join(', ')} ${last.sql}` : last.sql;
      await query(sql, statements.flatMap((statement) => statement.params));
    },
  };
}

/** The part of a libsql connection this cache wraps. */
interface PreparingConnection {
  prepare(sql: string): unknown;
}

const MAX_STATEMENTS = 500;

/**
 * Makes a libsql connection reuse its prepared statements. MikroORM's libsql dialect prepares
 * every query it runs, and preparing cost more CPU per PUT than running the statements; the
 * write path's SQL text is fixed, so each statement is prepared once per connection. SQLite
 * re-prepares a cached statement by itself if the schema changes under it. Bounded: when it is
 * full (queries whose text varies, such as IN lists), it starts over.
 *
 * Used as the knex pool's `afterCreate` hook, so every connection the pool opens gets it.
 */
export function reusePreparedStatements(connection: PreparingConnection, done: (error: Error | null, connection: unknown) => void): void {
  const prepare = connection.prepare.bind(connection);
  const statements = new Map<string, unknown>();
  connection.prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (statement === undefined) {
      if (statements.size >= MAX_STATEMENTS) statements.clear();
      statement = prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  done(null, connection);
}

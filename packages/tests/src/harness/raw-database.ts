import { join } from 'node:path';
import { createClient } from '@libsql/client';
import pg from 'pg';

/**
 * Reads a server's database directly, bypassing the API: for checks about what is really
 * stored (no plaintext secrets, which key sealed a value). Read-only use.
 */
export async function queryRows(target: { databaseUrl?: string | undefined; dataDir: string }, sql: string): Promise<Record<string, unknown>[]> {
  if (target.databaseUrl) {
    const client = new pg.Client({ connectionString: target.databaseUrl });
    await client.connect();
    try {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    } finally {
      await client.end();
    }
  }
  const client = createClient({ url: `file:${join(target.dataDir, 'config.db')}` });
  try {
    const result = await client.execute(sql);
    return result.rows.map((row) => Object.fromEntries(result.columns.map((column, i) => [column, row[i]])));
  } finally {
    client.close();
  }
}

/** Every cell of the given tables as one string, to search for text that must not be there. */
export async function dumpTables(target: { databaseUrl?: string | undefined; dataDir: string }, tables: string[]): Promise<string> {
  const parts: string[] = [];
  for (const table of tables) {
    const cast = target.databaseUrl ? `select row_to_json(t)::text as row from ${table} t` : `select * from ${table}`;
    parts.push(JSON.stringify(await queryRows(target, cast)));
  }
  return parts.join('\n');
}

import { fileURLToPath } from 'node:url';

/** The bench package's folder: where tsx resolves from when it runs one of the server's scripts. */
export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * node's arguments to run a script of the server's source (`apps/server/src/…`) with tsx, from
 * BENCH_DIR, on `database` (an embedded SQLite data dir, or a PostgreSQL URL), then `more`.
 */
export function serverScriptArgs(path: string, database: { dataDir: string } | { url: string }, more: readonly string[] = []): string[] {
  const script = fileURLToPath(new URL(`../../../../apps/server/src/${path}`, import.meta.url));
  const where = 'url' in database ? ['--database-url', database.url] : ['--data-dir', database.dataDir];
  return ['--import', 'tsx', script, ...where, ...more];
}

import { fileURLToPath } from 'node:url';

/** The bench package's folder: where tsx resolves from when it runs one of the server's scripts. */
export const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

/** The path of a script in the server's source (`apps/server/src/…`), run with tsx. */
export function serverScript(path: string): string {
  return fileURLToPath(new URL(`../../../../apps/server/src/${path}`, import.meta.url));
}

/** A script's arguments naming its database: an embedded SQLite data dir, or a PostgreSQL URL. */
export function databaseArgs(database: { dataDir: string } | { url: string }): string[] {
  return 'url' in database ? ['--database-url', database.url] : ['--data-dir', database.dataDir];
}

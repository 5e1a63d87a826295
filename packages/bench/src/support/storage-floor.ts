import { fileURLToPath } from 'node:url';
import { startListening, type FixtureServer } from './spawn-fixture';

const SCRIPT = fileURLToPath(new URL('../../../../apps/server/src/storage/storage-floor-server.ts', import.meta.url));
const BENCH_DIR = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The storage floor (apps/server/src/storage/storage-floor-server.ts, run from source with tsx)
 * on the server core: a bare node:http server that answers each PUT after writing its rows
 * through the server's storage alone, on `database`. Its PUT is what is left of the server's
 * once authentication, the contract's rules, the cache and the change announcement are taken
 * away: the least config-service's PUT could cost on this database and machine. `driver`
 * (SQLite): the same statements as synchronous driver calls, without the storage's own code.
 */
export function startStorageFloor(database: { dataDir: string } | { url: string }, options: { driver?: boolean } = {}): Promise<FixtureServer> {
  const where = 'url' in database ? ['--database-url', database.url] : ['--data-dir', database.dataDir];
  return startListening('storage-floor-server', ['--import', 'tsx', SCRIPT, ...where, ...(options.driver ? ['--driver'] : [])], { cwd: BENCH_DIR });
}

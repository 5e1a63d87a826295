import { startListening, type FixtureServer } from './spawn-fixture';
import { BENCH_DIR, serverScriptArgs } from './server-script';

/**
 * A storage floor (apps/server/src/storage/storage-floor-server.ts, run from source with tsx)
 * on the server core: a bare node:http server that answers each PUT after writing its rows
 * through the server's storage alone, on `database`. Its figures are what storing a PUT costs
 * behind node:http, before the authentication, contract rules, cache and change announcement
 * the server adds. `driver` (SQLite): the same statements as synchronous driver calls, without
 * the storage's own code (and so without group commit: one transaction per PUT).
 */
export function startStorageFloor(database: { dataDir: string } | { url: string }, options: { driver?: boolean } = {}): Promise<FixtureServer> {
  return startListening('storage-floor-server', serverScriptArgs('storage/storage-floor-server.ts', database, options.driver ? ['--driver'] : []), {
    cwd: BENCH_DIR,
    // As the server gets it: nothing of the bench's own environment.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
  });
}

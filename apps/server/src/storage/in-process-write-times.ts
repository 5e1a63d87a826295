/*
 * What a PUT costs with no HTTP: the bench's writes suite runs this (with tsx, pinned to the
 * server core) in each of its passes, so the report shows how much of a PUT over HTTP is the
 * storage and how much the contract engine. Not part of the server's build (tsup bundles only
 * main.ts and the JSON worker).
 *
 *   tsx src/storage/in-process-write-times.ts --data-dir DIR | --database-url postgres://… [--puts N] [--warmup N]
 *
 * Prints one JSON line: `engine`, the milliseconds of each sequential `ConfigEngine.put` on the
 * server's store (the contract's checks, the audit row, the storage; no cache, no change
 * announced); `store`, each store write of the same rows with none of the engine's rules (read
 * the entry, write it, its history item and audit row, commit). The two alternate, one each per
 * round, so a drift of the machine falls on both.
 */
import { parseArgs } from 'node:util';
import { ChangeFeed, ConfigEngine, type Actor } from '@config-service/contract';
import { openDatabase } from './open-database';
import { MikroConfigStore } from './mikro-config-store';
import { storageOnlyWrite } from './storage-only-write';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    'database-url': { type: 'string' },
    puts: { type: 'string', default: '300' },
    warmup: { type: 'string', default: '3000' },
  },
});
if (!values['data-dir'] && !values['database-url']) throw new Error('give --data-dir (SQLite) or --database-url (PostgreSQL)');

const NAMESPACE = 'bench-in-process';
const actor: Actor = { name: 'bench', keyId: 'bench', requestId: null };
const db = await openDatabase({ databaseUrl: values['database-url'], dataDir: values['data-dir'] ?? '' });
try {
  const store = new MikroConfigStore(db);
  const engine = new ConfigEngine({ store, feed: new ChangeFeed() });
  // A new value every time, as the HTTP figures write: a PUT that changes nothing is cheaper.
  let n = 0;
  const enginePut = () => engine.put(actor, NAMESPACE, 'engine', { value: { n: ++n } });
  const storeWrite = () => storageOnlyWrite(store, NAMESPACE, 'store', { n: ++n }, actor);
  const timed = async (write: () => Promise<unknown>): Promise<number> => {
    const start = process.hrtime.bigint();
    await write();
    return Number(process.hrtime.bigint() - start) / 1e6;
  };
  for (let round = 0; round < Number(values.warmup); round++) {
    await enginePut();
    await storeWrite();
  }
  const times = { engine: [] as number[], store: [] as number[] };
  for (let round = 0; round < Number(values.puts); round++) {
    times.engine.push(await timed(enginePut));
    times.store.push(await timed(storeWrite));
  }
  process.stdout.write(`${JSON.stringify(times)}\n`);
} finally {
  await db.close();
}

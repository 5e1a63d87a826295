/*
 * The floor under the server's PUT: a bare node:http server that answers each `PUT …/{key}`
 * (`?namespace=` and a `{"value": …}` body, as the API takes them) by writing that PUT's rows
 * through the storage alone (storage-only-write.ts: the server's store, on a database of its
 * own that is opened as the server opens it), and nothing else: no authentication, no contract
 * rules, no cache, no change announced, the entry answered as plain JSON. The bench's writes
 * suite sets its figures beside the server's and etcd's: what storing a PUT costs behind
 * node:http, before anything else config-service does. Run from source with tsx; not part of
 * the server's build (tsup bundles only main.ts and the JSON worker).
 *
 * `--driver` (SQLite only): the same statements as synchronous calls on the driver instead, on
 * a connection held for the server's life, with no store around them (no group commit, so one
 * transaction per PUT; no session, no await): what is left once the storage's own code goes too.
 *
 *   tsx src/storage/storage-floor-server.ts --data-dir DIR [--driver] | --database-url postgres://…
 *
 * Prints `listening on http://127.0.0.1:PORT` once it listens; exits on SIGTERM.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import type { Actor } from '@config-service/contract';
import { openDatabase } from './open-database';
import { MikroConfigStore } from './mikro-config-store';
import { driverOnlyWrite, storageOnlyWrite, type StorageOnlyWrite } from './storage-only-write';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' }, driver: { type: 'boolean', default: false } } });
if (!values['data-dir'] && !values['database-url']) throw new Error('give --data-dir (SQLite) or --database-url (PostgreSQL)');
if (values.driver && values['database-url']) throw new Error('--driver is for SQLite only');

const ACTOR: Actor = { name: 'floor', keyId: 'floor', requestId: null };

const db = await openDatabase({ databaseUrl: values['database-url'], dataDir: values['data-dir'] ?? '' });
// The driver floor holds SQLite's one connection for the server's life: nothing else here uses it.
const write: StorageOnlyWrite = values.driver ? (await driverOnlyWrite(db, ACTOR)).write : storeWrite(new MikroConfigStore(db));

const server = createServer((req, res) => {
  const answer = (status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(body);
  };
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const url = new URL(req.url ?? '/', 'http://floor');
    const key = url.pathname.split('/').pop();
    const namespace = url.searchParams.get('namespace');
    let body: { value?: unknown };
    try {
      body = JSON.parse(Buffer.concat(chunks).toString()) as { value?: unknown };
    } catch {
      return answer(400, '{"error":"the body is not JSON"}');
    }
    if (req.method !== 'PUT' || !key || !namespace || body.value === undefined) return answer(400, '{"error":"PUT /…/{key}?namespace=… with {\\"value\\": …}"}');
    write(namespace, key, body.value).then(
      (entry) =>
        answer(200, `{"namespace":${JSON.stringify(entry.namespace)},"key":${JSON.stringify(entry.key)},"value":${entry.valueJson},"version":${entry.version},"revision":${entry.revision},"updated_at":"${entry.updatedAt.toISOString()}"}`),
      (error: unknown) => answer(500, JSON.stringify({ error: String(error) })),
    );
  });
});

// Every write is committed before it is answered: there is nothing to finish.
process.once('SIGTERM', () => process.exit(0));
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});

/** The storage-alone PUT through the store's write (group commit, the write path's session). */
function storeWrite(store: MikroConfigStore): StorageOnlyWrite {
  return (namespace, key, value) => storageOnlyWrite(store, namespace, key, value, ACTOR);
}

/*
 * The floor under the server's PUT: a bare node:http server that answers each `PUT …/{key}`
 * (`?namespace=` and a `{"value": …}` body, as the API takes them) by writing that PUT's rows
 * through the storage alone (storage-only-write.ts: the server's store on the same database,
 * opened as the server opens it), and nothing else: no authentication, no contract rules, no
 * cache, no change announced, the entry answered as plain JSON. The bench's writes suite sets
 * its PUT beside the server's and etcd's: what a PUT costs over HTTP once everything
 * config-service does on top of storing it is taken away. Run from source with tsx; not part
 * of the server's build (tsup bundles only main.ts and the JSON worker).
 *
 *   tsx src/storage/storage-floor-server.ts --data-dir DIR | --database-url postgres://…
 *
 * Prints `listening on http://127.0.0.1:PORT` once it listens; stops on SIGTERM.
 */
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { openDatabase } from './open-database';
import { MikroConfigStore } from './mikro-config-store';
import { storageOnlyWrite } from './storage-only-write';

const { values } = parseArgs({ options: { 'data-dir': { type: 'string' }, 'database-url': { type: 'string' } } });
if (!values['data-dir'] && !values['database-url']) throw new Error('give --data-dir (SQLite) or --database-url (PostgreSQL)');

const db = await openDatabase({ databaseUrl: values['database-url'], dataDir: values['data-dir'] ?? '' });
const store = new MikroConfigStore(db);

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
    storageOnlyWrite(store, namespace, key, body.value, 'floor').then(
      (entry) =>
        answer(200, `{"namespace":${JSON.stringify(entry.namespace)},"key":${JSON.stringify(entry.key)},"value":${entry.valueJson},"version":${entry.version},"revision":${entry.revision},"updated_at":"${entry.updatedAt.toISOString()}"}`),
      (error: unknown) => answer(500, JSON.stringify({ error: String(error) })),
    );
  });
});

process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  void db.close().finally(() => process.exit(0));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`listening on http://127.0.0.1:${address.port}`);
});

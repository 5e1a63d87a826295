// @ts-check
// A service's start-up with @config-service/node: load the configuration (from the server, or
// from the last snapshot while the server is down), serve it over HTTP, follow changes live.
import { createServer } from 'node:http';
import { loadConfig } from '@config-service/node';

const namespace = process.env.CONFIG_NAMESPACE ?? 'payments';

let config;
try {
  config = await loadConfig({
    baseUrl: process.env.CONFIG_URL ?? 'http://localhost:8080',
    apiKey: process.env.CONFIG_API_KEY,
    namespaces: [namespace],
    // Written after every sync; used when the service starts while config-service is down.
    snapshot: process.env.CONFIG_SNAPSHOT ?? '.config-snapshot.json',
    timeoutMs: 5_000,
  });
} catch (error) {
  // No server and no snapshot: nothing sensible to run with.
  console.error(`cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

console.log(`config loaded from ${config.status === 'ready' ? 'the server' : 'the snapshot'} (status ${config.status}, revision ${config.revision})`);
console.log(`stripe.timeout_ms = ${JSON.stringify(config.get('stripe.timeout_ms', { default: 3000 }))}`);

// Every change to the namespace, in order, as it happens.
config.subscribe({ namespace }, (change) => {
  const now = change.action === 'deleted' ? '(deleted)' : JSON.stringify(change.value);
  console.log(`${change.key} changed: ${JSON.stringify(change.previousValue)} -> ${now} (revision ${change.revision})`);
});
config.onStatusChange((status) => console.log(`config status: ${status}`));

// Reads are memory lookups, so a request handler can read config on every request.
const server = createServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ status: config.status, timeoutMs: config.get('stripe.timeout_ms', { default: 3000 }), all: config.getAll() }));
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const address = server.address();
  console.log(`service listening on http://127.0.0.1:${typeof address === 'object' && address ? address.port : ''}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    server.close();
    await config.close();
    process.exit(0);
  });
}

import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { createScratchDatabase } from '../harness/postgres-server';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { ADMIN_KEY } from '../harness/targets';

/*
 * Round trips between the server and PostgreSQL per write, counted on the wire: a TCP proxy
 * in between counts each time the server sends after PostgreSQL last answered. Each round trip
 * is a wait on the database; a lone PUT needs two (begin, take the revision and read the entry;
 * write its rows and commit), the statements of each sent at once (pipelined).
 */

/** A TCP proxy to `target` that counts round trips: sends from the client side that follow an answer. */
async function roundTripCounter(target: URL): Promise<{ port: number; roundTrips(): number; stop(): Promise<void> }> {
  let roundTrips = 0;
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    open.add(client).add(upstream);
    let answered = true;
    client.on('data', (chunk) => {
      if (answered) roundTrips += 1;
      answered = false;
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      answered = true;
      client.write(chunk);
    });
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', close).on('error', close);
    upstream.on('close', close).on('error', close);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    roundTrips: () => roundTrips,
    stop: async () => {
      for (const socket of open) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const postgresUrl = inject('postgresUrl');

// Under CI=true the harness fails the run when PostgreSQL is missing, so this never skips there.
describe.skipIf(!postgresUrl)('round trips to PostgreSQL', () => {
  let proxy: Awaited<ReturnType<typeof roundTripCounter>>;
  let server: ServerProcess;
  let http: HttpClient;

  beforeAll(async () => {
    const database = new URL(await createScratchDatabase(postgresUrl!));
    proxy = await roundTripCounter(new URL(database));
    database.port = String(proxy.port);
    // The change log's poll is the server's only other traffic: slowed right down.
    server = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, DATABASE_URL: database.toString(), CONFIG_SERVICE_CHANGE_POLL_MS: '60000' } });
    http = new HttpClient(server.baseUrl, ADMIN_KEY);
  });
  afterAll(async () => {
    await server?.stop();
    await proxy?.stop();
  });

  it('a lone PUT takes two', async () => {
    // Warm: each statement is parsed once per connection, in a round trip of its own.
    for (let n = 0; n < 20; n++) expect((await http.request('PUT', `/api/v1/configs/k${n % 2}?namespace=trips`, { body: { value: n } })).status).toBeLessThan(300);
    const puts = 40;
    const before = proxy.roundTrips();
    for (let n = 0; n < puts; n++) expect((await http.request('PUT', `/api/v1/configs/k${n % 2}?namespace=trips`, { body: { value: 100 + n } })).status).toBe(200);
    const perPut = (proxy.roundTrips() - before) / puts;
    console.log(`[round trips] ${perPut.toFixed(2)} per PUT to PostgreSQL`);
    // Four before the statements were pipelined; the slack is for a stray poll or pool check.
    expect(perPut).toBeGreaterThanOrEqual(2);
    expect(perPut).toBeLessThan(2.2);
  });
});

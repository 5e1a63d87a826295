import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { createScratchDatabase } from '../harness/postgres-server';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { ADMIN_KEY } from '../harness/targets';
import { metricSample } from '../harness/metric-sample';

/*
 * Round trips between the server and PostgreSQL per write, counted on the wire: a TCP proxy
 * in between counts each time the server sends after PostgreSQL last answered. Each round trip
 * is a wait on the database; a lone PUT needs two (begin, take the revision and read the entry;
 * write its rows and commit), the statements of each sent at once (pipelined); a batch of
 * writers that waited together needs two as well (their entries are read ahead together).
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

  it('a batch of writers that waited together takes two as well, however many it holds', async () => {
    // Batches, from the server's own metric: how many committed, holding how many writes.
    const batches = async () => {
      const text = (await http.request('GET', '/metrics')).text;
      const read = (name: string) => metricSample(text, `config_write_batch_size_${name}`) ?? NaN;
      return { count: read('count'), writes: read('sum') };
    };
    const writers = 8;
    const rounds = 15;
    const writeRound = async (round: number) => {
      const answers = await Promise.all(
        Array.from({ length: writers }, (_, writer) => http.request('PUT', `/api/v1/configs/b${writer}?namespace=trips`, { body: { value: round } })),
      );
      expect(answers.map((answer) => answer.status).every((status) => status < 300)).toBe(true);
    };
    // Warm: a statement new to a pooled connection is parsed there once, in a round trip of its own.
    for (let round = 0; round < rounds; round++) await writeRound(round);
    const before = { trips: proxy.roundTrips(), ...(await batches()) };
    for (let round = rounds; round < 2 * rounds; round++) await writeRound(round);
    const after = { trips: proxy.roundTrips(), ...(await batches()) };
    const committed = after.count - before.count;
    const perBatch = (after.trips - before.trips) / committed;
    const size = (after.writes - before.writes) / committed;
    console.log(`[round trips] ${perBatch.toFixed(2)} per batch to PostgreSQL, ${size.toFixed(2)} writes per batch`);
    // Only batches of more than one write can tell: one per unit would make these 1 + size.
    expect(size).toBeGreaterThan(1.5);
    expect(perBatch).toBeGreaterThanOrEqual(2);
    expect(perBatch).toBeLessThan(2.2);
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient, type ConfigClient } from '@config-service/node';
import { freePort } from '../harness/free-port';
import { HttpClient } from '../harness/http-client';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { ADMIN_KEY } from '../harness/targets';
import { waitFor } from '../harness/wait-for';
import { ChildClient } from './child-client';

const NS = 'offline';
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
});

/** One server data directory, started and stopped on chosen ports (the same port = "the server came back"). */
function serverHome() {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-sdk-data-'));
  return async (port: number): Promise<ServerProcess> => {
    const server = await startServerProcess({ dataDir, env: { PORT: String(port), CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY } });
    cleanup.push(() => server.kill());
    return server;
  };
}

function child(baseUrl: string, snapshot: string, timeoutMs = 5000): ChildClient {
  const process = new ChildClient({ baseUrl, apiKey: ADMIN_KEY, namespace: NS, snapshot, timeoutMs });
  cleanup.push(() => process.exit());
  return process;
}

interface ExpectedChange {
  key: string;
  action: string;
  value: unknown;
  version: number;
  revision: number;
}

/** Every change after `revision` in the namespace, in revision order, from the keys' history. */
async function changesAfter(http: HttpClient, revision: number): Promise<ExpectedChange[]> {
  const listing = await http.get(`/api/v1/configs/namespace/${NS}?limit=1000`);
  const keys = new Set<string>(listing.json.items.map((item: { key: string }) => item.key));
  for (let i = 0; i < 20; i++) keys.add(`key-${i}`);
  const changes: ExpectedChange[] = [];
  for (const key of keys) {
    const history = await http.get(`/api/v1/configs/${key}/history?namespace=${NS}&limit=1000`);
    if (history.status === 404) continue;
    for (const item of history.json.items) {
      if (item.revision > revision) changes.push({ key, action: item.action, value: item.value, version: item.version, revision: item.revision });
    }
  }
  return changes.sort((a, b) => a.revision - b.revision);
}

describe('@config-service/node offline: memory, snapshot, catch-up', () => {
  it('keeps serving through an outage and a restart, then converges with every change exactly once, in order', async () => {
    const port = await freePort();
    const start = serverHome();
    let server = await start(port);
    const http = new HttpClient(server.baseUrl, ADMIN_KEY);
    for (let i = 0; i < 5; i++) expect((await http.put(`/api/v1/configs/key-${i}?namespace=${NS}`, { value: { n: i } })).status).toBe(201);

    const snapshot = join(mkdtempSync(join(tmpdir(), 'cs-sdk-snap-')), 'config-snapshot.json');
    const client: ConfigClient = createClient({ baseUrl: server.baseUrl, apiKey: ADMIN_KEY, namespaces: [NS], snapshot, backoff: { initialDelayMs: 100, maxDelayMs: 400 } });
    cleanup.push(() => client.close());
    await client.ready();
    const seeded = client.getAll(NS);
    expect(seeded).toEqual({ 'key-0': { n: 0 }, 'key-1': { n: 1 }, 'key-2': { n: 2 }, 'key-3': { n: 3 }, 'key-4': { n: 4 } });
    await waitFor('the snapshot file', async () => JSON.parse(readFileSync(snapshot, 'utf8')).revision >= 5);

    // 1. The server dies: reads go on from memory.
    await server.kill();
    await waitFor('status stale', async () => client.status === 'stale', 10_000, 20);
    expect(client.get('key-3', { namespace: NS })).toEqual({ n: 3 });
    expect(client.getAll(NS)).toEqual(seeded);
    await client.close();
    const snapshotRevision = JSON.parse(readFileSync(snapshot, 'utf8')).revision as number;

    // 2. A new process starts while the server is still down: it serves the snapshot, stale.
    const startedAt = Date.now();
    const service = child(server.baseUrl, snapshot, 20_000);
    const loaded = await service.next('loaded');
    expect(loaded).toMatchObject({ status: 'stale', values: seeded, revision: snapshotRevision, snapshotError: null });
    // It did not sit out the 20 s timeout: one failed attempt is enough to fall back.
    expect(Date.now() - startedAt).toBeLessThan(10_000);

    // 3. Meanwhile 100 changes are made (through the same database, on another port).
    const elsewhere = await start(await freePort());
    const writer = new HttpClient(elsewhere.baseUrl, ADMIN_KEY);
    for (let i = 0; i < 100; i++) {
      const key = `key-${(i * 7) % 12}`;
      const exists = (await writer.get(`/api/v1/configs/${key}?namespace=${NS}`)).status === 200;
      if (exists && i % 9 === 4) expect((await writer.delete(`/api/v1/configs/${key}?namespace=${NS}`)).status).toBe(204);
      else expect((await writer.put(`/api/v1/configs/${key}?namespace=${NS}`, { value: { n: i, step: 'offline' } })).status).toBeLessThan(300);
    }
    const expected = await changesAfter(writer, snapshotRevision);
    expect(expected).toHaveLength(100);
    await elsewhere.stop();
    expect(service.of('change')).toEqual([]);

    // 4. The server comes back where the client looks for it: the client catches up.
    server = await start(port);
    await service.next('status', 20_000, (message) => message.status === 'ready');
    await waitFor('100 changes in the child', async () => service.of('change').length >= 100, 20_000, 20);
    await new Promise((settle) => setTimeout(settle, 300));
    const seen = service.of('change').map(({ key, action, value, version, revision }) => ({ key, action, value, version, revision }));
    expect(seen).toEqual(expected.map((change) => ({ ...change, value: change.action === 'deleted' ? null : change.value })));
    expect(service.of('change').every((message) => message.source === 'watch')).toBe(true);

    const listing = await new HttpClient(server.baseUrl, ADMIN_KEY).get(`/api/v1/configs/namespace/${NS}?limit=1000`);
    const truth = Object.fromEntries(listing.json.items.map((item: { key: string; value: unknown }) => [item.key, item.value]));
    expect((await service.dump()).values).toEqual(truth);
    // The snapshot followed: a later start begins from here.
    await waitFor('the snapshot at the new revision', async () => JSON.parse(readFileSync(snapshot, 'utf8')).revision >= expected.at(-1)!.revision);
  });

  it('a truncated or corrupt snapshot gives a clear error, never a crash, and is replaced after the next sync', async () => {
    const port = await freePort();
    const start = serverHome();
    let server = await start(port);
    const http = new HttpClient(server.baseUrl, ADMIN_KEY);
    await http.put(`/api/v1/configs/flag?namespace=${NS}`, { value: true });
    const snapshot = join(mkdtempSync(join(tmpdir(), 'cs-sdk-snap-')), 'snapshot.json');
    const first = child(server.baseUrl, snapshot);
    await first.next('loaded');
    await waitFor('a snapshot', async () => readFileSync(snapshot, 'utf8').length > 0);
    await first.exit();
    const good = readFileSync(snapshot, 'utf8');
    expect(JSON.parse(good)).toMatchObject({ format: 'config-service-snapshot', revision: 1 });
    await server.kill();

    // Truncated, server down: loadConfig fails with a message that names the file and the fault.
    writeFileSync(snapshot, good.slice(0, Math.floor(good.length / 2)));
    const truncated = child(server.baseUrl, snapshot, 1500);
    const failed = await truncated.next('load-failed');
    expect(failed.name).toBe('UnavailableError');
    expect(failed.message).toContain(snapshot);
    expect(failed.message).toMatch(/truncated or corrupt/);
    expect(await truncated.exited).toBe(3);
    expect(truncated.errorOutput).not.toMatch(/Unhandled|at .*\.js:\d+/);

    // Garbage that is JSON but not a snapshot: named as such.
    writeFileSync(snapshot, '{"format":"something else"}');
    const foreign = child(server.baseUrl, snapshot, 1500);
    expect((await foreign.next('load-failed')).message).toMatch(/not a config-service snapshot/);

    // Corrupt, server up: the client starts from the server, says why the snapshot was not used,
    // and writes a good one.
    writeFileSync(snapshot, '\u0000\u0001garbage');
    server = await start(port);
    const recovering = child(server.baseUrl, snapshot);
    const loaded = await recovering.next('loaded');
    expect(loaded).toMatchObject({ status: 'ready', values: { flag: true } });
    expect(loaded.snapshotError).toMatch(/truncated or corrupt/);
    await waitFor('the snapshot rewritten', async () => {
      try {
        return JSON.parse(readFileSync(snapshot, 'utf8')).format === 'config-service-snapshot';
      } catch {
        return false;
      }
    });
  });

  it('a process killed while writing snapshots never leaves a half-written one', async () => {
    const server = await serverHome()(await freePort());
    const http = new HttpClient(server.baseUrl, ADMIN_KEY);
    // Large values: each snapshot is ~3 MB, so writing one takes a while and kills land inside writes.
    const big = 'x'.repeat(100_000);
    for (let i = 0; i < 30; i++) await http.put(`/api/v1/configs/big-${i}?namespace=${NS}`, { value: `${big}${i}` });
    const snapshot = join(mkdtempSync(join(tmpdir(), 'cs-sdk-snap-')), 'snapshot.json');
    for (let round = 0; round < 8; round++) {
      const service = child(server.baseUrl, snapshot);
      await service.next('loaded');
      // Changes keep arriving, so the client keeps rewriting its snapshot while it is killed.
      let churning = true;
      const churn = (async () => {
        for (let i = 0; churning && i < 500; i++) await http.put(`/api/v1/configs/big-${i % 30}?namespace=${NS}`, { value: `${big}${round}-${i}` });
      })();
      await waitFor('changes reaching the child', async () => service.of('change').length >= 3, 10_000, 5);
      await new Promise((settle) => setTimeout(settle, 20 + round * 37));
      await service.kill();
      churning = false;
      await churn;
      const parsed = JSON.parse(readFileSync(snapshot, 'utf8'));
      expect(parsed.format).toBe('config-service-snapshot');
      expect(parsed.namespaces[NS].entries.length).toBe(30);
    }
  });
});

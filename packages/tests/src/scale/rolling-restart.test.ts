import { request } from 'node:http';
import { describe, expect, inject, it } from 'vitest';
import { createClient, type ConfigClient } from '@config-service/node';
import { HttpClient } from '../harness/http-client';
import { startBalancer } from '../harness/tcp-balancer';
import { waitFor } from '../harness/wait-for';
import { CLUSTER_ADMIN_KEY, startCluster } from './cluster';

/*
 * A rolling restart, black-box: three replicas on one PostgreSQL and one Redis behind a
 * health-checked balancer, SDK clients (@config-service/node, stream mode) spread over them by
 * the balancer, writers running throughout. Each replica in turn is taken out of the balancer,
 * then gets SIGTERM, drains, exits, and a new process takes its place. The truth is every key's history read over HTTP
 * afterwards: each client must have seen exactly those changes, once each, in revision order;
 * every acknowledged write must be in it; no request may fail.
 */

const postgresUrl = inject('postgresUrl');
const redisUrl = inject('redisUrl');
const NAMESPACE = 'rolling';
const CLIENTS = 12;
const WRITERS = 3;
const KEYS_PER_WRITER = 5;
const REPLICAS = 3;
/** The pause between taking a replica out of the balancer and its SIGTERM (the manifests use 5 s). */
const PRE_STOP_MS = 300;

interface Ack {
  key: string;
  version: number;
  revision: number;
}

/** One PUT on its own connection, as a client whose pool is emptied by `Connection: close`. */
function put(baseUrl: string, path: string, body: unknown): Promise<{ status: number; json: any }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${baseUrl}${path}`,
      { method: 'PUT', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), 'x-api-key': CLUSTER_ADMIN_KEY } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe.skipIf(!postgresUrl || !redisUrl)('rolling restart of three replicas', () => {
  it('every SDK client sees every change exactly once, in order; no write is lost; no request fails', { timeout: 240_000 }, async () => {
    const t0 = Date.now();
    const mark = (what: string) => console.log(`rolling restart: ${what} at ${Date.now() - t0} ms`);
    const cluster = await startCluster({ postgresUrl: postgresUrl!, redisUrl: redisUrl!, replicas: REPLICAS, env: { CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS: '10000' } });
    const balancer = await startBalancer(cluster.replicas.map((replica) => replica.baseUrl));
    const clients: ConfigClient[] = [];
    try {
      const admin = new HttpClient(balancer.url, CLUSTER_ADMIN_KEY);
      expect((await admin.put(`/api/v1/configs/seed?namespace=${NAMESPACE}`, { value: 0 })).status).toBe(201);

      const seen: { revision: number; source: string }[][] = [];
      const errors: string[][] = [];
      for (let i = 0; i < CLIENTS; i++) {
        const client = createClient({ baseUrl: balancer.url, apiKey: CLUSTER_ADMIN_KEY, namespaces: [NAMESPACE], backoff: { initialDelayMs: 50, maxDelayMs: 500 } });
        const changes: { revision: number; source: string }[] = [];
        const failures: string[] = [];
        client.subscribe({ namespace: NAMESPACE }, (change) => changes.push({ revision: change.revision, source: change.source }));
        client.onError((error) => failures.push(error instanceof Error ? error.message : String(error)));
        clients.push(client);
        seen.push(changes);
        errors.push(failures);
      }
      await Promise.all(clients.map((client) => client.ready()));
      const spreadAtStart = Object.fromEntries(balancer.connections);
      mark('clients ready');

      const acks: Ack[] = [];
      const failedWrites: string[] = [];
      let writing = true;
      const writers = Array.from({ length: WRITERS }, async (_, writer) => {
        for (let i = 0; writing; i++) {
          const key = `w${writer}-k${i % KEYS_PER_WRITER}`;
          try {
            const res = await put(balancer.url, `/api/v1/configs/${key}?namespace=${NAMESPACE}`, { value: { writer, i } });
            if (res.status === 200 || res.status === 201) acks.push({ key, version: res.json.version, revision: res.json.revision });
            else failedWrites.push(`${key}: ${res.status} ${JSON.stringify(res.json)}`);
          } catch (error) {
            failedWrites.push(`${key}: ${(error as Error).message}`);
          }
          await new Promise((done) => setTimeout(done, 2));
        }
      });

      const steps: { exitCode: number | null; stopMs: number }[] = [];
      await new Promise((done) => setTimeout(done, 1000));
      for (let index = 0; index < REPLICAS; index++) {
        // As in Kubernetes with the manifests' preStop pause: the endpoint is taken out before
        // SIGTERM, so new connections go to the other replicas while this one drains what it
        // holds (pooled connections, watchers). Without the pause, a connection the kernel
        // queued just before the listener closed would be reset: no process can answer it.
        balancer.setBackends(cluster.replicas.filter((_, other) => other !== index).map((replica) => replica.baseUrl));
        await new Promise((done) => setTimeout(done, PRE_STOP_MS));
        const { exitCode, stopMs, restarted } = await cluster.stopAndRestart(index);
        steps.push({ exitCode, stopMs });
        balancer.setBackends(cluster.replicas.map((replica) => replica.baseUrl));
        await waitFor('the restarted replica to be ready', async () => (await fetch(`${restarted.baseUrl}/health`)).status === 200);
        mark(`replica ${index} restarted`);
        await new Promise((done) => setTimeout(done, 500));
      }
      writing = false;
      await Promise.all(writers);

      mark(`writes stopped (${acks.length} acknowledged)`);
      const last = Math.max(...acks.map((ack) => ack.revision));
      await waitFor('every client to reach the last write', async () => seen.every((changes) => (changes.at(-1)?.revision ?? 0) >= last), 20_000);

      mark('clients caught up');
      // The truth: every key's history, read over HTTP after the run.
      const truth = new Map<number, { key: string; version: number }>();
      for (const key of new Set(acks.map((ack) => ack.key))) {
        const history = await admin.get(`/api/v1/configs/${key}/history?namespace=${NAMESPACE}&limit=1000`);
        expect(history.json.next_cursor).toBeNull();
        for (const item of history.json.items) truth.set(item.revision, { key, version: item.version });
      }
      const expected = [...truth.keys()].sort((a, b) => a - b);
      const lost = acks.filter((ack) => truth.get(ack.revision)?.key !== ack.key || truth.get(ack.revision)?.version !== ack.version);
      const unacknowledged = expected.filter((revision) => !acks.some((ack) => ack.revision === revision));

      let duplicates = 0;
      let gaps = 0;
      let outOfOrder = 0;
      let notFromTheWatch = 0;
      for (const changes of seen) {
        const revisions = changes.map((change) => change.revision).filter((revision) => revision > expected[0]! - 1);
        duplicates += revisions.length - new Set(revisions).size;
        gaps += expected.filter((revision) => !revisions.includes(revision)).length;
        outOfOrder += revisions.filter((revision, i) => i > 0 && revision <= revisions[i - 1]!).length;
        notFromTheWatch += changes.filter((change) => truth.has(change.revision) && change.source !== 'watch').length;
      }
      const disconnects = errors.map((failures) => failures.length);
      const figures = {
        changes: expected.length,
        clients: CLIENTS,
        writers: WRITERS,
        duplicates,
        gaps,
        outOfOrder,
        notFromTheWatch,
        lostWrites: lost.length,
        unacknowledgedCommits: unacknowledged.length,
        failedWrites: failedWrites.length,
        refusedConnectsRetriedByBalancer: balancer.refusedConnects(),
        connectionsBrokenByBackends: balancer.brokenConnections(),
        watchReconnects: disconnects.reduce((a, b) => a + b, 0),
        spreadAtStart,
        shutdowns: steps,
      };
      console.log(`rolling restart: ${JSON.stringify(figures)}`);

      expect(failedWrites).toEqual([]);
      expect(steps.map((step) => step.exitCode)).toEqual([0, 0, 0]);
      for (const step of steps) expect(step.stopMs).toBeLessThan(10_000);
      // The clients were spread over every replica, and every one of them was moved at least once.
      expect(Object.keys(spreadAtStart)).toHaveLength(REPLICAS);
      for (const failures of errors) {
        expect(failures.length).toBeGreaterThanOrEqual(1);
        // Each disconnect was the drain's 1001, never a cut connection.
        for (const failure of failures) expect(failure).toMatch(/closed \(1001\)/);
      }
      expect(expected.length).toBeGreaterThan(200);
      expect({ duplicates, gaps, outOfOrder, notFromTheWatch, lost: lost.length, unacknowledged: unacknowledged.length }).toEqual({
        duplicates: 0,
        gaps: 0,
        outOfOrder: 0,
        notFromTheWatch: 0,
        lost: 0,
        unacknowledged: 0,
      });
    } finally {
      for (const client of clients) client.close();
      await balancer.stop();
      await cluster.stop();
    }
  });
});

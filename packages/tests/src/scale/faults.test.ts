import { describe, expect, inject, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { startPostgres } from '../harness/postgres-server';
import { startRedis } from '../harness/redis-server';
import { expectProblem } from '../harness/problem-assertions';
import { openWatch, revisionsOf } from '../harness/watch-client';
import { waitFor } from '../harness/wait-for';
import { CLUSTER_ADMIN_KEY, startCluster } from './cluster';

/*
 * Faults, black-box, with a PostgreSQL and a Redis of this test's own (it stops them):
 * Redis down degrades and recovers by itself; the database down refuses writes with 503 while
 * cached reads go on.
 */

describe.skipIf(!inject('postgresUrl') || !inject('redisUrl'))('faults on two replicas', () => {
  it('Redis down: reads, writes and cross-replica watches go on, /health degraded, and it all recovers without a restart', { timeout: 120_000 }, async () => {
    const postgres = await startPostgres();
    const redis = await startRedis();
    const cluster = await startCluster({ postgresUrl: postgres.url, redisUrl: redis.url, replicas: 2 });
    const [a, b] = cluster.replicas.map((replica) => new HttpClient(replica.baseUrl, CLUSTER_ADMIN_KEY)) as [HttpClient, HttpClient];
    const watch = openWatch(cluster.replicas[1]!.baseUrl, { apiKey: CLUSTER_ADMIN_KEY, namespaces: ['faults'] });
    try {
      // Ready before the first write: a watch without `since` starts at the head it finds, so a
      // write that reached B first would (rightly) not be sent to it.
      await watch.ready();
      const first = await a.put('/api/v1/configs/k1?namespace=faults', { value: 'before' });
      expect(first.status).toBe(201);
      expect((await b.get('/api/v1/configs/k1?namespace=faults')).json.value).toBe('before');
      expect((await a.get('/health')).json).toEqual({ status: 'ok', checks: { database: 'ok', storage: 'ok', cache: 'ok', bus: 'ok' } });

      await redis.kill();
      const written = await a.put('/api/v1/configs/k1?namespace=faults', { value: 'during outage' });
      expect(written.status).toBe(200);
      expect((await a.get('/api/v1/configs/k1?namespace=faults')).json.value).toBe('during outage');
      // B learns of A's write from the change log, not the bus: its reads and watchers follow.
      await waitFor('B to read the write made during the outage', async () => (await b.get('/api/v1/configs/k1?namespace=faults')).json.value === 'during outage', 3000, 50);
      await watch.waitForFrames('the change at the watcher on B', () => watch.changes().length === 2, 3000);
      for (const client of [a, b]) {
        const health = await client.get('/health');
        expect(health.status).toBe(200);
        expect(health.json).toEqual({ status: 'degraded', checks: { database: 'ok', storage: 'ok', cache: 'down', bus: 'down' } });
      }

      await redis.start();
      for (const client of [a, b]) await waitFor('health ok again', async () => (await client.get('/health')).json.status === 'ok', 10_000);
      const after = await a.put('/api/v1/configs/k1?namespace=faults', { value: 'after' });
      const writtenAt = performance.now();
      await waitFor('B to read the write made after the outage', async () => (await b.get('/api/v1/configs/k1?namespace=faults')).json.value === 'after', 1000, 20);
      console.log(`[faults] after Redis came back, B read A's write ${(performance.now() - writtenAt).toFixed(0)} ms later`);
      await watch.waitForFrames('the third change', () => watch.changes().length === 3, 3000);
      expect(revisionsOf(watch.frames)).toEqual([first.json.revision, written.json.revision, after.json.revision]);
    } finally {
      watch.terminate();
      await cluster.stop();
      await redis.stop();
      await postgres.stop();
    }
  });

  it('rate limits count across replicas in Redis, and per replica (never a 500) while Redis is down', { timeout: 120_000 }, async () => {
    const postgres = await startPostgres();
    const redis = await startRedis();
    const cluster = await startCluster({ postgresUrl: postgres.url, redisUrl: redis.url, replicas: 2, env: { CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: '6' } });
    const [a, b] = cluster.replicas.map((replica) => new HttpClient(replica.baseUrl, CLUSTER_ADMIN_KEY)) as [HttpClient, HttpClient];
    const statuses = async (client: HttpClient, count: number) => {
      const seen: number[] = [];
      for (let i = 0; i < count; i++) seen.push((await client.get('/api/v1/namespaces')).status);
      return seen;
    };
    try {
      // One budget of 6 for the credential, shared: 3 on A and 3 on B use it up.
      expect([...(await statuses(a, 3)), ...(await statuses(b, 3))]).toEqual([200, 200, 200, 200, 200, 200]);
      const limited = await b.get('/api/v1/namespaces');
      expectProblem(limited, 429, 'rate_limited');
      expect((await a.get('/api/v1/namespaces')).status).toBe(429);

      await redis.kill();
      // Each replica counts in memory meanwhile: a fresh budget per replica, and no 500s.
      expect(await statuses(a, 7)).toEqual([200, 200, 200, 200, 200, 200, 429]);
      expect((await b.get('/api/v1/namespaces')).status).toBe(200);
    } finally {
      await cluster.stop();
      await redis.stop();
      await postgres.stop();
    }
  });

  it('failed authentications count across replicas in Redis: wrong keys on A get the address refused on B', { timeout: 120_000 }, async () => {
    const postgres = await startPostgres();
    const redis = await startRedis();
    const cluster = await startCluster({ postgresUrl: postgres.url, redisUrl: redis.url, replicas: 2, env: { CONFIG_SERVICE_AUTH_FAILURES_PER_MINUTE: '3' } });
    const [aUrl, bUrl] = cluster.replicas.map((replica) => replica.baseUrl) as [string, string];
    const b = new HttpClient(bUrl, CLUSTER_ADMIN_KEY);
    try {
      expect((await b.get('/api/v1/namespaces')).status).toBe(200);
      for (let i = 0; i < 3; i++) expect((await new HttpClient(aUrl, `csk_wrong${i}${'x'.repeat(38)}`).get('/api/v1/namespaces')).status).toBe(401);
      // The failures were counted on A; B refuses this address (the admin key is not even
      // looked up) once the count reached Redis. Counted per replica, B would answer 200.
      await waitFor('B to refuse the address A counted', async () => (await b.get('/api/v1/namespaces')).status === 429, 3000, 50);
      expectProblem(await b.get('/api/v1/namespaces'), 429, 'rate_limited');
    } finally {
      await cluster.stop();
      await redis.stop();
      await postgres.stop();
    }
  });

  it('database down: writes get 503 unavailable, cached reads go on, /health 503', { timeout: 120_000 }, async () => {
    const postgres = await startPostgres();
    const redis = await startRedis();
    const cluster = await startCluster({ postgresUrl: postgres.url, redisUrl: redis.url, replicas: 2 });
    const [a, b] = cluster.replicas.map((replica) => new HttpClient(replica.baseUrl, CLUSTER_ADMIN_KEY)) as [HttpClient, HttpClient];
    try {
      expect((await a.put('/api/v1/configs/k1?namespace=faults', { value: 42 })).status).toBe(201);
      for (const client of [a, b]) expect((await client.get('/api/v1/configs/k1?namespace=faults')).json.value).toBe(42);

      await postgres.stop();
      for (const client of [a, b]) {
        expectProblem(await client.put('/api/v1/configs/k2?namespace=faults', { value: 1 }), 503, 'unavailable');
        const cached = await client.get('/api/v1/configs/k1?namespace=faults');
        expect(cached.status, cached.text).toBe(200);
        expect(cached.json.value).toBe(42);
        const health = await client.get('/health');
        expect(health.status).toBe(503);
        expect(health.json.checks.database).toBe('down');
      }
    } finally {
      await cluster.stop();
      await redis.stop();
      await postgres.stop().catch(() => undefined);
    }
  });
});

import { describe, expect, inject, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { startRedis } from '../harness/redis-server';
import { openWatch, type ReceivedFrame, type WatchClient, type WatchOptions } from '../harness/watch-client';
import { waitFor } from '../harness/wait-for';
import { metricSample } from '../harness/metric-sample';
import { CLUSTER_ADMIN_KEY, startCluster } from './cluster';

/*
 * Scale-out, black-box: three replicas on one PostgreSQL and one Redis, four writers spread
 * over them, watchers on every replica. One replica is killed (SIGKILL) and restarted mid-run,
 * and Redis is restarted mid-run (coming back empty). The truth is the per-key history read
 * over HTTP afterwards: every watcher must have seen exactly the matching changes, once each,
 * in revision order, and every replica's reads must reach the last committed value within 1 s.
 */

const postgresUrl = inject('postgresUrl');
const CHANGES = 5000;
const WRITERS = 4;
const REPLICAS = 3;
const KEYS = 40;
const CRASH_AT = 1500;
const REDIS_RESTART_AT = 3200;
const namespaceOf = (i: number) => (i % 2 === 0 ? 'scale-a' : 'scale-b');

interface Change {
  namespace: string;
  key: string;
  version: number;
  revision: number;
}

interface Watcher {
  replica: number;
  label: string;
  options: WatchOptions;
  matches(change: Change): boolean;
  sessions: WatchClient[];
}

const received = (watcher: Watcher): ReceivedFrame[] => watcher.sessions.flatMap((session) => session.changes());

// Its own Redis (it restarts it); the shared one's presence says redis-server is installed.
describe.skipIf(!postgresUrl || !inject('redisUrl'))('three replicas on one PostgreSQL and Redis', () => {
  it(`delivers ${CHANGES} changes from ${WRITERS} writers exactly once, in order, on every replica, through a replica crash and a Redis restart`, { timeout: 300_000 }, async () => {
    const redis = await startRedis();
    const cluster = await startCluster({ postgresUrl: postgresUrl!, redisUrl: redis.url, replicas: REPLICAS });
    const client = (replica: number) => new HttpClient(cluster.replicas[replica]!.baseUrl, CLUSTER_ADMIN_KEY);
    const watchers: Watcher[] = [];
    try {
      const start = (await client(0).get('/api/v1/configs/namespace/scale-a')).json.revision as number;
      for (let replica = 0; replica < REPLICAS; replica++) {
        watchers.push(
          { replica, label: 'all', options: {}, matches: () => true, sessions: [] },
          { replica, label: 'scale-a', options: { namespaces: ['scale-a'] }, matches: (c) => c.namespace === 'scale-a', sessions: [] },
          { replica, label: 'prefix k1', options: { prefix: 'k1' }, matches: (c) => c.key.startsWith('k1'), sessions: [] },
        );
      }
      const connect = (watcher: Watcher) => {
        const seen = received(watcher).at(-1)?.revision ?? start;
        const session = openWatch(cluster.replicas[watcher.replica]!.baseUrl, { apiKey: CLUSTER_ADMIN_KEY, since: seen, ...watcher.options });
        watcher.sessions.push(session);
        return session.ready();
      };
      await Promise.all(watchers.map(connect));

      // Reads: per replica, the versions it answered per key must never go down.
      const highest = new Map<string, number>();
      const regressions: string[] = [];
      let reading = true;
      const readers = Array.from({ length: REPLICAS }, async (_, replica) => {
        for (let i = 0; reading; i++) {
          const key = `k${i % 4}`;
          const res = await client(replica).get(`/api/v1/configs/${key}?namespace=${namespaceOf(i % 4)}`).catch(() => null);
          if (res?.status !== 200) continue;
          const name = `${replica}/${key}`;
          if (res.json.version < (highest.get(name) ?? 0)) regressions.push(`${name}: ${res.json.version} after ${highest.get(name)}`);
          highest.set(name, Math.max(highest.get(name) ?? 0, res.json.version));
        }
      });

      // Writers, spread over the replicas; a write to a replica that is down goes to the next.
      let next = 0;
      let crash: Promise<void> | undefined;
      let redisRestart: Promise<void> | undefined;
      let degradedHealth: unknown;
      const writers = Array.from({ length: WRITERS }, async (_, writer) => {
        while (next < CHANGES) {
          const n = next++;
          if (n === CRASH_AT) {
            crash = (async () => {
              await cluster.crashAndRestart(2);
              await Promise.all(watchers.filter((w) => w.replica === 2).map(connect));
            })();
          }
          if (n === REDIS_RESTART_AT) {
            redisRestart = (async () => {
              await redis.kill();
              await new Promise((done) => setTimeout(done, 300));
              degradedHealth = (await client(0).get('/health')).json;
              await new Promise((done) => setTimeout(done, 1200));
              await redis.start();
            })();
          }
          const key = `k${n % KEYS}`;
          for (let attempt = 0; ; attempt++) {
            const replica = (writer + n + attempt) % REPLICAS;
            const res = await client(replica)
              .put(`/api/v1/configs/${key}?namespace=${namespaceOf(n % KEYS)}`, { value: { writer, n } })
              .catch(() => null);
            if (res && res.status < 300) break;
            if (attempt > 20) throw new Error(`write ${n} failed on every replica: ${res?.status} ${res?.text}`);
            await new Promise((done) => setTimeout(done, 20));
          }
        }
      });
      await Promise.all(writers);
      const lastWriteAt = performance.now();
      await Promise.all([crash, redisRestart]);

      // Reads right after the last write: every replica, every key, for 1.5 s.
      const reads: { replica: number; key: string; version: number; at: number }[] = [];
      while (performance.now() - lastWriteAt < 1500) {
        await Promise.all(
          Array.from({ length: REPLICAS * KEYS }, async (_, i) => {
            const replica = i % REPLICAS;
            const k = Math.floor(i / REPLICAS);
            const res = await client(replica).get(`/api/v1/configs/k${k}?namespace=${namespaceOf(k)}`);
            reads.push({ replica, key: `k${k}`, version: res.json.version, at: performance.now() - lastWriteAt });
          }),
        );
      }
      reading = false;
      await Promise.all(readers);

      // The truth: every key's history, over HTTP.
      const truth: Change[] = [];
      for (let k = 0; k < KEYS; k++) {
        let cursor = '';
        do {
          const page = await client(0).get(`/api/v1/configs/k${k}/history?namespace=${namespaceOf(k)}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
          expect(page.status, page.text).toBe(200);
          for (const item of page.json.items) truth.push({ namespace: namespaceOf(k), key: `k${k}`, version: item.version, revision: item.revision });
          cursor = page.json.next_cursor ?? '';
        } while (cursor);
      }
      truth.sort((a, b) => a.revision - b.revision);
      expect(truth.length).toBeGreaterThanOrEqual(CHANGES);
      truth.forEach((change, i) => {
        if (change.revision !== start + 1 + i) expect(change.revision, 'the change log has no holes').toBe(start + 1 + i);
      });
      const lastRevision = truth.at(-1)!.revision;
      const latestVersion = new Map<string, number>();
      for (const change of truth) latestVersion.set(change.key, change.version);

      // Watchers: exactly the matching changes, once each, in order, whichever replica.
      for (const watcher of watchers) {
        const expected = truth.filter((c) => watcher.matches(c));
        const lastExpected = expected.at(-1)!.revision;
        await waitFor(`${watcher.label} on replica ${watcher.replica} to reach ${lastExpected}`, async () => (received(watcher).at(-1)?.revision ?? 0) >= lastExpected, 20_000, 50);
        const got = received(watcher).map((f) => `${f.revision}:${f.namespace}/${f.key}@${f.version}`);
        const want = expected.map((c) => `${c.revision}:${c.namespace}/${c.key}@${c.version}`);
        if (got.length !== want.length || got.some((g, i) => g !== want[i])) {
          const firstDiff = got.findIndex((g, i) => g !== want[i]);
          expect({ watcher: `${watcher.label}@${watcher.replica}`, sessions: watcher.sessions.length, firstDiff, got: got.slice(Math.max(0, firstDiff - 2), firstDiff + 3), want: want.slice(Math.max(0, firstDiff - 2), firstDiff + 3), gotCount: got.length, wantCount: want.length }).toBeUndefined();
        }
      }
      expect(watchers.filter((w) => w.replica === 2).every((w) => w.sessions.length === 2)).toBe(true);

      // Caches: each replica's read reached the committed version within 1 s and never went back.
      let slowest = 0;
      for (let replica = 0; replica < REPLICAS; replica++) {
        for (let k = 0; k < KEYS; k++) {
          const series = reads.filter((r) => r.replica === replica && r.key === `k${k}`).sort((a, b) => a.at - b.at);
          const want = latestVersion.get(`k${k}`)!;
          const firstGood = series.findIndex((r) => r.version === want);
          expect(firstGood, `replica ${replica} k${k}: ${series.map((r) => r.version).join(',')} (want ${want})`).toBeGreaterThanOrEqual(0);
          expect(series.slice(firstGood).every((r) => r.version === want)).toBe(true);
          expect(series.every((r) => r.version <= want)).toBe(true);
          slowest = Math.max(slowest, series[firstGood]!.at);
        }
      }
      expect(regressions).toEqual([]);
      expect(slowest).toBeLessThan(1000);

      // Redis down was `degraded` (200), and it recovered by itself.
      expect(degradedHealth).toMatchObject({ status: 'degraded', checks: { database: 'ok', cache: 'down' } });
      await waitFor('health to be ok again', async () => (await client(0).get('/health')).json.status === 'ok', 10_000);

      const lag = await client(1).get('/metrics', { key: null });
      const sum = metricSample(lag.text, 'config_fanout_lag_seconds_sum') ?? NaN;
      const count = metricSample(lag.text, 'config_fanout_lag_seconds_count') ?? NaN;
      console.log(
        `[replicas] ${truth.length} changes (revisions ${start + 1}..${lastRevision}) by ${WRITERS} writers over ${REPLICAS} replicas; ` +
          `${watchers.length} watchers exact; every replica read the last value ${slowest.toFixed(0)} ms after the last write at the latest; ` +
          `replica 1 fan-out lag mean ${((sum / count) * 1000).toFixed(2)} ms over ${count} changes`,
      );
    } finally {
      for (const watcher of watchers) for (const session of watcher.sessions) session.terminate();
      await cluster.stop();
      await redis.stop();
    }
  });
});

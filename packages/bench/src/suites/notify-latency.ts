import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { startPostgres } from '@config-service/tests/harness/postgres-server';
import { startRedis } from '@config-service/tests/harness/redis-server';
import { startServerProcess, type ServerProcess } from '@config-service/tests/harness/server-process';
import type { BenchContext, BenchResult, BenchSuite } from '../bench-suite';
import { SERVER_CORE, childPids, pin } from '../support/pinning';

const ADMIN_KEY = 'csk_bench-admin-key-0123456789abcdef';
const WATCHERS = 1000;
const NAMESPACE = 'bench-latency';

/**
 * Change-to-notify latency, measured as etcd's watch-latency benchmark does: from just before
 * the write request is sent to each watcher receiving the change, so it includes the commit;
 * and the server's own commit-to-notify figure from /metrics, which does not.
 * Three replicas on PostgreSQL + Redis (all on the server core); 1,000 watchers on the replica
 * written to, then 1,000 watchers on the two other replicas. One write at a time, each waited
 * for at every watcher before the next.
 */
export const notifyLatency: BenchSuite = {
  name: 'watch',
  description: `change-to-notify latency with ${WATCHERS} watchers, one replica and across replicas`,
  async run(context) {
    const postgres = await startPostgres();
    const redis = await startRedis();
    const replicas: ServerProcess[] = [];
    try {
      pinTree(postgresPid(postgres.url));
      const databaseUrl = await postgres.createDatabase('bench');
      const env = {
        DATABASE_URL: databaseUrl,
        REDIS_URL: redis.url,
        CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY,
        CONFIG_SERVICE_JWT_SECRET: randomBytes(32).toString('hex'),
        CONFIG_SERVICE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: '1000000000',
        LOG_LEVEL: 'warn',
      };
      replicas.push(await startServerProcess({ env }));
      replicas.push(...(await Promise.all([startServerProcess({ env }), startServerProcess({ env })])));
      for (const replica of replicas) pin(replica.pid, SERVER_CORE);
      pinTree(redisPid(redis.port));

      const changes = context.quick ? 30 : 300;
      const same = await measureScenario(context, 'one replica', replicas[0]!, [replicas[0]!], changes);
      const across = await measureScenario(context, 'across replicas', replicas[0]!, [replicas[1]!, replicas[2]!], changes);
      return [
        ...same,
        ...across.map((result) =>
          result.name.endsWith(' p50')
            ? { ...result, target: { text: '< 5 ms', met: result.value < 5 } }
            : result.name.endsWith(' p99')
              ? { ...result, target: { text: '< 50 ms', met: result.value < 50 } }
              : result,
        ),
      ];
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await redis.stop();
      await postgres.stop();
    }
  },
};

async function measureScenario(context: BenchContext, label: string, writeTo: ServerProcess, watchOn: ServerProcess[], changes: number): Promise<BenchResult[]> {
  let pending = 0;
  let sentAt = 0;
  let allArrived: () => void = () => undefined;
  const latencies: number[] = [];
  const sockets = await Promise.all(
    Array.from({ length: WATCHERS }, (_, i) => {
      const replica = watchOn[i % watchOn.length]!;
      const socket = new WebSocket(`${replica.baseUrl.replace(/^http/, 'ws')}/ws/v1/configs/updates?namespace=${NAMESPACE}`, {
        headers: { 'x-api-key': ADMIN_KEY },
        perMessageDeflate: false,
        skipUTF8Validation: true,
      });
      return new Promise<WebSocket>((resolve, reject) => {
        socket.on('message', (data: Buffer) => {
          // The time first; the frame is only told apart by its type's first letter: {"type":"c…
          const now = performance.now();
          if (data[9] === 0x72 /* r: ready */) return resolve(socket);
          if (data[9] !== 0x63 /* c: change */) return;
          latencies.push(now - sentAt);
          if (--pending === 0) allArrived();
        });
        socket.once('error', reject);
      });
    }),
  );
  const writeLatencies: number[] = [];
  try {
    const url = `${writeTo.baseUrl}/api/v1/configs/latency?namespace=${NAMESPACE}`;
    for (let i = 0; i < changes; i++) {
      pending = WATCHERS;
      const arrived = new Promise<void>((resolve, reject) => {
        allArrived = resolve;
        setTimeout(() => reject(new Error(`change ${i} reached ${WATCHERS - pending} of ${WATCHERS} watchers in 10 s`)), 10_000).unref();
      });
      sentAt = performance.now();
      const res = await fetch(url, { method: 'PUT', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' }, body: `{"value":${i}}` });
      writeLatencies.push(performance.now() - sentAt);
      if (!res.ok) throw new Error(`write failed: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
      await arrived;
      await new Promise((done) => setTimeout(done, 5));
    }
  } finally {
    for (const socket of sockets) socket.terminate();
  }
  const p = (values: number[], q: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  };
  context.log(
    `${label}: ${changes} changes × ${WATCHERS} watchers = ${latencies.length} notifications; notify p50 ${p(latencies, 0.5).toFixed(2)} ms, ` +
      `p99 ${p(latencies, 0.99).toFixed(2)} ms, max ${p(latencies, 1).toFixed(2)} ms; the write itself p50 ${p(writeLatencies, 0.5).toFixed(2)} ms`,
  );
  // The server's own figure: commit to frames written to every watcher (config_watch_notify_seconds),
  // the slowest of the replicas watched.
  const serverSide = { p50: 0, p99: 0 };
  for (const replica of watchOn) {
    const text = await (await fetch(`${replica.baseUrl}/metrics`)).text();
    const quantile = (q: string) => Number(new RegExp(`^config_watch_notify_seconds\\{quantile="${q}"\\} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) * 1000;
    serverSide.p50 = Math.max(serverSide.p50, quantile('0.5'));
    serverSide.p99 = Math.max(serverSide.p99, quantile('0.99'));
  }
  context.log(`${label}: server-side commit-to-notify (config_watch_notify_seconds) p50 ${serverSide.p50.toFixed(2)} ms, p99 ${serverSide.p99.toFixed(2)} ms`);
  const where = watchOn.length === 1 ? 'the replica written to' : `${watchOn.length} other replicas`;
  return [
    { name: `notify latency ${label} p50`, value: p(latencies, 0.5), unit: 'ms', note: `client-observed from sending the write: ${WATCHERS} watchers on ${where}; includes the commit (write p50 ${p(writeLatencies, 0.5).toFixed(2)} ms)` },
    { name: `notify latency ${label} p99`, value: p(latencies, 0.99), unit: 'ms' },
    { name: `commit-to-notify ${label} p50`, value: serverSide.p50, unit: 'ms', note: 'server-side: commit to the frame written to every watcher (config_watch_notify_seconds)' },
    { name: `commit-to-notify ${label} p99`, value: serverSide.p99, unit: 'ms' },
  ];
}

/** The postmaster's pid, from the port in its URL (`ss` lists the listener). */
function postgresPid(url: string): number | undefined {
  return listenerPid(Number(new URL(url).port));
}

function redisPid(port: number): number | undefined {
  return listenerPid(port);
}

function listenerPid(port: number): number | undefined {
  const out = execFileSync('ss', ['-ltnpH', `sport = :${port}`], { encoding: 'utf8' });
  const pid = /pid=(\d+)/.exec(out)?.[1];
  return pid ? Number(pid) : undefined;
}

function pinTree(pid: number | undefined): void {
  if (pid === undefined) return;
  pin(pid, SERVER_CORE);
  for (const child of childPids(pid)) pin(child, SERVER_CORE);
}

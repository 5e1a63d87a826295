import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
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
 * Change-to-notify latency: from the change's commit (the timestamp its replica puts on the
 * Redis message right after the transaction commits) to each watcher having the frame, one
 * figure per watcher per change. Also, without a target, write-to-notify: from just before the
 * PUT is sent, as etcd's watch-latency benchmark measures, which adds the HTTP request and the
 * PostgreSQL transaction (on the same loaded core as everything else).
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
      const commits = await subscribeToCommits(redis.url, 'config-service:changes');
      let same: BenchResult[];
      let across: BenchResult[];
      try {
        same = await measureScenario(context, 'one replica', replicas[0]!, [replicas[0]!], changes, commits);
        across = await measureScenario(context, 'across replicas', replicas[0]!, [replicas[1]!, replicas[2]!], changes, commits);
      } finally {
        await commits.close();
      }
      return [
        ...same,
        ...across.map((result) =>
          result.name === 'notify latency across replicas p50'
            ? { ...result, target: { text: '< 5 ms', met: result.value < 5 } }
            : result.name === 'notify latency across replicas p99'
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

async function measureScenario(
  context: BenchContext,
  label: string,
  writeTo: ServerProcess,
  watchOn: ServerProcess[],
  changes: number,
  commits: CommitClock,
): Promise<BenchResult[]> {
  let pending = 0;
  let allArrived: () => void = () => undefined;
  // Per change: when the write was sent, and when each watcher had the frame (wall clock, ms).
  let sentAt = 0;
  let received: number[] = [];
  const fromSend: number[] = [];
  const fromCommit: number[] = [];
  const firsts: number[] = [];
  const lasts: number[] = [];
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
          const now = wallClockMs();
          if (data[9] === 0x72 /* r: ready */) return resolve(socket);
          if (data[9] !== 0x63 /* c: change */) return;
          received.push(now);
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
      received = [];
      const arrived = new Promise<void>((resolve, reject) => {
        allArrived = resolve;
        setTimeout(() => reject(new Error(`change ${i} reached ${WATCHERS - pending} of ${WATCHERS} watchers in 10 s`)), 10_000).unref();
      });
      sentAt = wallClockMs();
      const res = await fetch(url, { method: 'PUT', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' }, body: `{"value":${i}}` });
      writeLatencies.push(wallClockMs() - sentAt);
      if (!res.ok) throw new Error(`write failed: ${res.status} ${await res.text()}`);
      const { revision } = (await res.json()) as { revision: number };
      await arrived;
      const committedAt = await commits.of(revision);
      for (const at of received) {
        fromSend.push(at - sentAt);
        fromCommit.push(at - committedAt);
      }
      firsts.push(Math.min(...received) - committedAt);
      lasts.push(Math.max(...received) - committedAt);
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
    `${label}: ${changes} changes × ${WATCHERS} watchers = ${fromCommit.length} notifications; from the commit p50 ${p(fromCommit, 0.5).toFixed(2)} ms, ` +
      `p99 ${p(fromCommit, 0.99).toFixed(2)} ms, max ${p(fromCommit, 1).toFixed(2)} ms; from sending the write p50 ${p(fromSend, 0.5).toFixed(2)} ms, ` +
      `p99 ${p(fromSend, 0.99).toFixed(2)} ms; the write's response p50 ${p(writeLatencies, 0.5).toFixed(2)} ms`,
  );
  context.log(`${label}: first watcher p50 ${p(firsts, 0.5).toFixed(2)} ms, last watcher p50 ${p(lasts, 0.5).toFixed(2)} ms`);
  const where = watchOn.length === 1 ? 'the replica written to' : `${watchOn.length} other replicas`;
  return [
    {
      name: `notify latency ${label} p50`,
      value: p(fromCommit, 0.5),
      unit: 'ms',
      note: `commit (the server's timestamp on the bus) to each of ${WATCHERS} watchers on ${where} having the frame`,
    },
    { name: `notify latency ${label} p99`, value: p(fromCommit, 0.99), unit: 'ms' },
    {
      name: `write-to-notify ${label} p50`,
      value: p(fromSend, 0.5),
      unit: 'ms',
      note: `from sending the PUT (HTTP, auth, PostgreSQL transaction) to each watcher; the PUT's response p50 ${p(writeLatencies, 0.5).toFixed(2)} ms`,
    },
    { name: `write-to-notify ${label} p99`, value: p(fromSend, 0.99), unit: 'ms' },
  ];
}

/**
 * When each revision committed, by the server's own clock: every replica publishes a change on
 * the Redis channel with the wall-clock time right after its commit. Same machine, same clock.
 */
interface CommitClock {
  of(revision: number): Promise<number>;
  close(): Promise<void>;
}

async function subscribeToCommits(redisUrl: string, channel: string): Promise<CommitClock> {
  const subscriber = new Redis(redisUrl);
  const seen = new Map<number, number>();
  const waiting = new Map<number, (at: number) => void>();
  subscriber.on('message', (_channel: string, message: string) => {
    const header = JSON.parse(message.slice(0, message.indexOf('\n'))) as { rev: number; p: number };
    seen.set(header.rev, header.p);
    waiting.get(header.rev)?.(header.p);
  });
  await subscriber.subscribe(channel);
  return {
    of: (revision) =>
      new Promise((resolve, reject) => {
        const at = seen.get(revision);
        if (at !== undefined) return resolve(at);
        waiting.set(revision, resolve);
        setTimeout(() => reject(new Error(`revision ${revision} was never published on ${channel}`)), 10_000).unref();
      }),
    close: async () => {
      subscriber.disconnect();
    },
  };
}

function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
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

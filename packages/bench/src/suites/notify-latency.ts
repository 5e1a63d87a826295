import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import WebSocket from 'ws';
import { createScratchDatabase, startPostgres } from '@config-service/tests/harness/postgres-server';
import { startRedis } from '@config-service/tests/harness/redis-server';
import { startServerProcess, type ServerProcess } from '@config-service/tests/harness/server-process';
import type { BenchContext, BenchResult, BenchSuite } from '../bench-suite';
import { SERVER_CORE, childPids, pin } from '../support/pinning';
import { startFixture } from '../support/spawn-fixture';

const ADMIN_KEY = 'csk_bench-admin-key-0123456789abcdef';
const WATCHERS = 1000;
const NAMESPACE = 'bench-latency';

/**
 * Change-to-notify latency: from the change's commit (the timestamp its replica puts on the
 * Redis message right after the transaction commits) to each watcher having the frame, one
 * figure per watcher per change. Three replicas on PostgreSQL + Redis, all on the server core;
 * 1,000 watchers on the replica written to, then 1,000 on the two other replicas. One write at
 * a time, each waited for at every watcher before the next.
 *
 * Measured in the same run, with the same client: the baseline, a bare `ws` server writing one
 * frame to 1,000 connections (from the start of its loop), which is the floor this machine
 * sets; and, without a target, write-to-notify, from just before the PUT is sent as etcd's
 * watch-latency benchmark measures, which adds the HTTP request and the PostgreSQL transaction.
 */
export const notifyLatency: BenchSuite = {
  name: 'watch',
  description: `change-to-notify latency with ${WATCHERS} watchers, one replica and across replicas, against a bare ws broadcast`,
  async run(context) {
    const rounds = context.quick ? 30 : 300;
    const baseline = await measureBaseline(context, rounds);

    const postgres = await startPostgres();
    const redis = await startRedis();
    const replicas: ServerProcess[] = [];
    try {
      pinTree(postgres.pid);
      const databaseUrl = await createScratchDatabase(postgres.url);
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
      pinTree(redis.pid);

      const commits = await subscribeToCommits(redis.url, 'config-service:changes');
      let same: Measured;
      let across: Measured;
      try {
        same = await measureConfigService(context, 'one replica', replicas[0]!, [replicas[0]!], rounds, commits);
        across = await measureConfigService(context, 'across replicas', replicas[0]!, [replicas[1]!, replicas[2]!], rounds, commits);
      } finally {
        await commits.close();
      }
      const versus = (value: number, floor: number) => ({ to: 'bare ws broadcast', value: value / floor });
      return [
        { name: 'bare ws broadcast p50', value: baseline.fromOrigin.p50, unit: 'ms', note: `${WATCHERS} connections, one frame each, from the start of the loop (the floor)` },
        { name: 'bare ws broadcast p99', value: baseline.fromOrigin.p99, unit: 'ms' },
        {
          name: 'notify latency one replica p50',
          value: same.fromOrigin.p50,
          unit: 'ms',
          ratio: versus(same.fromOrigin.p50, baseline.fromOrigin.p50),
          note: `commit to each of ${WATCHERS} watchers on the replica written to`,
        },
        { name: 'notify latency one replica p99', value: same.fromOrigin.p99, unit: 'ms', ratio: versus(same.fromOrigin.p99, baseline.fromOrigin.p99) },
        {
          name: 'notify latency across replicas p50',
          value: across.fromOrigin.p50,
          unit: 'ms',
          ratio: versus(across.fromOrigin.p50, baseline.fromOrigin.p50),
          target: { text: '< 5 ms', met: across.fromOrigin.p50 < 5 },
          note: `commit to each of ${WATCHERS} watchers on 2 other replicas (through Redis)`,
        },
        {
          name: 'notify latency across replicas p99',
          value: across.fromOrigin.p99,
          unit: 'ms',
          ratio: versus(across.fromOrigin.p99, baseline.fromOrigin.p99),
          target: { text: '< 50 ms', met: across.fromOrigin.p99 < 50 },
        },
        { name: 'write-to-notify one replica p50', value: same.fromSend.p50, unit: 'ms', note: `from sending the PUT; its response p50 ${same.writeP50.toFixed(2)} ms` },
        { name: 'write-to-notify across replicas p50', value: across.fromSend.p50, unit: 'ms', note: `from sending the PUT; its response p50 ${across.writeP50.toFixed(2)} ms` },
        { name: 'write-to-notify across replicas p99', value: across.fromSend.p99, unit: 'ms' },
      ];
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
      await redis.stop();
      await postgres.stop();
    }
  },
};

interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

interface Measured {
  fromOrigin: Percentiles;
  fromSend: Percentiles;
  writeP50: number;
}

/** What one round's trigger reports: when the change started going out, by the server's clock. */
type Trigger = (round: number) => Promise<{ originAt: () => Promise<number> }>;

async function measureBaseline(context: BenchContext, rounds: number): Promise<Measured> {
  const fixture = await startFixture('broadcast-ws.mjs');
  try {
    const watchUrls = Array.from({ length: WATCHERS }, () => fixture.url.replace(/^http/, 'ws'));
    return await measureNotify(context, 'bare ws broadcast', watchUrls, {}, rounds, async () => {
      const res = await fetch(fixture.url, { method: 'POST' });
      const { startedAt } = (await res.json()) as { startedAt: number };
      return { originAt: async () => startedAt };
    });
  } finally {
    await fixture.stop();
  }
}

function measureConfigService(
  context: BenchContext,
  label: string,
  writeTo: ServerProcess,
  watchOn: ServerProcess[],
  rounds: number,
  commits: CommitClock,
): Promise<Measured> {
  const url = `${writeTo.baseUrl}/api/v1/configs/latency?namespace=${NAMESPACE}`;
  const watchUrls = Array.from({ length: WATCHERS }, (_, i) => `${watchOn[i % watchOn.length]!.baseUrl.replace(/^http/, 'ws')}/ws/v1/configs/updates?namespace=${NAMESPACE}`);
  return measureNotify(context, label, watchUrls, { 'x-api-key': ADMIN_KEY }, rounds, async (round) => {
    const res = await fetch(url, { method: 'PUT', headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' }, body: `{"value":${round}}` });
    if (!res.ok) throw new Error(`write failed: ${res.status} ${await res.text()}`);
    const { revision } = (await res.json()) as { revision: number };
    return { originAt: () => commits.of(revision) };
  });
}

/**
 * Opens the watchers, then runs `rounds` changes one at a time: each is triggered, waited for at
 * every watcher, and measured per watcher from its origin and from just before the trigger.
 */
async function measureNotify(
  context: BenchContext,
  label: string,
  watchUrls: string[],
  headers: Record<string, string>,
  rounds: number,
  trigger: Trigger,
): Promise<Measured> {
  let pending = 0;
  let allArrived: () => void = () => undefined;
  let received: number[] = [];
  const fromSend: number[] = [];
  const fromOrigin: number[] = [];
  const writes: number[] = [];
  const sockets = await Promise.all(
    watchUrls.map((url) => {
      const socket = new WebSocket(url, { headers, perMessageDeflate: false, skipUTF8Validation: true });
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
  try {
    for (let round = 0; round < rounds; round++) {
      pending = watchUrls.length;
      received = [];
      const arrived = new Promise<void>((resolve, reject) => {
        allArrived = resolve;
        setTimeout(() => reject(new Error(`${label}: change ${round} reached ${watchUrls.length - pending} of ${watchUrls.length} watchers in 10 s`)), 10_000).unref();
      });
      const sentAt = wallClockMs();
      const { originAt } = await trigger(round);
      writes.push(wallClockMs() - sentAt);
      await arrived;
      const origin = await originAt();
      for (const at of received) {
        fromSend.push(at - sentAt);
        fromOrigin.push(at - origin);
      }
      await new Promise((done) => setTimeout(done, 5));
    }
  } finally {
    for (const socket of sockets) socket.terminate();
  }
  const measured = { fromOrigin: percentiles(fromOrigin), fromSend: percentiles(fromSend), writeP50: percentiles(writes).p50 };
  context.log(
    `${label}: ${rounds} changes × ${watchUrls.length} watchers = ${fromOrigin.length} notifications; from the origin p50 ${measured.fromOrigin.p50.toFixed(2)} ms, ` +
      `p99 ${measured.fromOrigin.p99.toFixed(2)} ms, max ${measured.fromOrigin.max.toFixed(2)} ms; from the trigger p50 ${measured.fromSend.p50.toFixed(2)} ms, ` +
      `p99 ${measured.fromSend.p99.toFixed(2)} ms; the trigger's response p50 ${measured.writeP50.toFixed(2)} ms`,
  );
  return measured;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
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

/** Milliseconds since the epoch, sub-millisecond: the clock the server stamps commits with. */
function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Pins `pid` and its children (the postmaster's background processes) to the server core. */
function pinTree(pid: number): void {
  pin(pid, SERVER_CORE);
  for (const child of childPids(pid)) pin(child, SERVER_CORE);
}

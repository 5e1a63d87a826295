import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchDatabase, startPostgres } from '@config-service/tests/harness/postgres-server';
import { startServerProcess, type ServerProcess } from '@config-service/tests/harness/server-process';
import type { BenchContext, BenchResult, BenchSuite } from '../bench-suite';
import { findEtcd, startEtcd } from '../support/etcd-server';
import { configPut, etcdPut } from '../support/write-requests';
import { measureNotify, type Percentiles } from '../support/notify-rounds';
import { SERVER_CORE, childPids, pin } from '../support/pinning';
import { etcdWatchers, webSocketWatchers } from '../support/watchers';
import { Writer, concurrentWrites, sequentialWrites, type WriteOf } from '../support/writers';
import { ADMIN_KEY, BENCH_SERVER_ENV } from '../support/server-env';
import { startFixture } from '../support/spawn-fixture';

const NAMESPACE = 'bench-writes';
const WRITERS = 8;

interface WriteFigures {
  put: Percentiles;
  writesPerSecond: number;
  /** PUT sent to its one watcher notified; measured on the embedded target and on etcd. */
  notify?: Percentiles;
}

/**
 * Writes, beside etcd in the same run (when `etcd` is installed): sequential PUT latency from
 * send to response on one kept-alive connection; writes/s with 8 writers each on its own key
 * and connection; PUT-to-notify with one watcher, from sending the PUT to the watcher having
 * the change. config-service on embedded SQLite and on PostgreSQL (data on tmpfs, fsync off),
 * etcd through its HTTP/JSON gateway (`/v3/kv/put` with base64 key and value, `/v3/watch`),
 * its data on tmpfs too. Every server runs on the server core; this client on the other.
 * First the floor: the same PUTs to a Node server that only reads the body and answers, what
 * no Node server's write can beat on this machine (etcd's PUT is printed as a ratio to it).
 */
export const writeLatency: BenchSuite = {
  name: 'writes',
  description: `PUT latency, ${WRITERS}-writer throughput and PUT-to-notify (1 watcher), SQLite and PostgreSQL, beside etcd`,
  async run(context) {
    const floor = await measureFloor(context);
    const etcd = findEtcd() ? await measureEtcd(context) : null;
    if (!etcd) context.log('etcd is not installed (Debian etcd-server): no etcd figures, no targets');
    const sqlite = await measureSqlite(context);
    const postgres = await measurePostgres(context);

    const results: BenchResult[] = [];
    const ms = (name: string, value: number, note?: string): BenchResult => ({ name, value, unit: 'ms', ...(note ? { note } : {}) });
    const againstEtcd = (result: BenchResult, of: (figures: WriteFigures) => number, target?: { at: number; higherIsBetter?: boolean }): BenchResult => {
      if (!etcd) return result;
      const ratio = result.value / of(etcd.figures);
      return {
        ...result,
        ratio: { to: `etcd ${etcd.version}`, value: ratio },
        ...(target ? { target: { text: `${target.higherIsBetter ? '>=' : '<='} ${target.at}x etcd`, met: target.higherIsBetter ? ratio >= target.at : ratio <= target.at } } : {}),
      };
    };
    results.push({
      ...ms('node:http PUT floor p50', floor.p50, 'a Node server that reads the body and answers an entry-sized JSON: no parsing, no storage'),
      ...(etcd ? { ratio: { to: `etcd ${etcd.version}`, value: floor.p50 / etcd.figures.put.p50 } } : {}),
    });
    if (etcd) {
      results.push(ms('etcd PUT p50', etcd.figures.put.p50, `${etcd.version}, /v3/kv/put on the JSON gateway; p99 ${etcd.figures.put.p99.toFixed(2)} ms`));
      results.push({ name: `etcd writes/s, ${WRITERS} writers`, value: etcd.figures.writesPerSecond, unit: 'writes/s' });
      results.push(ms('etcd PUT-to-notify p50', etcd.figures.notify!.p50, '1 watcher on /v3/watch'));
    }
    results.push(againstEtcd(ms('SQLite PUT p50', sqlite.put.p50, `embedded SQLite; p99 ${sqlite.put.p99.toFixed(2)} ms`), (f) => f.put.p50, { at: 1.0 }));
    results.push(againstEtcd(ms('PostgreSQL PUT p50', postgres.put.p50, `p99 ${postgres.put.p99.toFixed(2)} ms`), (f) => f.put.p50, { at: 1.5 }));
    results.push(againstEtcd({ name: `SQLite writes/s, ${WRITERS} writers`, value: sqlite.writesPerSecond, unit: 'writes/s' }, (f) => f.writesPerSecond, { at: 0.5, higherIsBetter: true }));
    results.push(againstEtcd({ name: `PostgreSQL writes/s, ${WRITERS} writers`, value: postgres.writesPerSecond, unit: 'writes/s' }, (f) => f.writesPerSecond, { at: 0.5, higherIsBetter: true }));
    results.push(againstEtcd(ms('SQLite PUT-to-notify p50', sqlite.notify!.p50, '1 watcher, from sending the PUT'), (f) => f.notify!.p50, { at: 1.0 }));
    return results;
  },
};

/*
 * Every target is measured warmed up, as a server that has been running is: a fresh Node
 * process spends its first thousands of requests compiling (V8's compiler threads took 0.3-0.7
 * ms of CPU per PUT on the server's one core over the first 1,700, none after 9,000: write-cost
 * --node-arg), which is start-up, not the write path. etcd, compiled ahead of time, gets the
 * same warm-up writes.
 */
const sizes = (context: BenchContext) => ({ count: context.quick ? 60 : 300, warmup: context.quick ? 1000 : 3000, seconds: context.quick ? 3 : context.durationSeconds });

// A new value every time: a PUT that changes nothing makes no version and would be cheaper.
const configWrite: WriteOf = (writer, n) => configPut(ADMIN_KEY, NAMESPACE, `w${writer}`, n);
const etcdWrite: WriteOf = (writer, n) => etcdPut(`w${writer}`, String(n));

/** The same sequential PUTs to the least server that answers them (fixtures/put-floor-http.mjs), pinned like the others. */
async function measureFloor(context: BenchContext): Promise<Percentiles> {
  const floor = await startFixture('put-floor-http.mjs');
  try {
    const { count, warmup } = sizes(context);
    const put = await sequentialWrites(floor.url, configWrite, count, warmup);
    context.log(`node:http PUT floor: p50 ${put.p50.toFixed(2)} ms, p99 ${put.p99.toFixed(2)} ms`);
    return put;
  } finally {
    await floor.stop();
  }
}

async function measureEtcd(context: BenchContext): Promise<{ version: string; figures: WriteFigures }> {
  const etcd = await startEtcd();
  try {
    const { count, warmup, seconds } = sizes(context);
    const put = await sequentialWrites(etcd.url, etcdWrite, count, warmup);
    const writesPerSecond = await concurrentWrites(etcd.url, etcdWrite, WRITERS, seconds);
    const writer = new Writer(etcd.url);
    const notify = await measureNotify(context, `etcd ${etcd.version}, 1 watcher`, etcdWatchers(etcd.url, 'notify', 1), count, async (round) => {
      await writer.send(etcdPut('notify', String(round)));
      return {};
    }).finally(() => writer.close());
    context.log(`etcd ${etcd.version}: PUT p50 ${put.p50.toFixed(2)} ms, p99 ${put.p99.toFixed(2)} ms; ${writesPerSecond.toFixed(0)} writes/s with ${WRITERS} writers`);
    return { version: etcd.version, figures: { put, writesPerSecond, notify: notify.fromSend } };
  } finally {
    await etcd.stop();
  }
}

async function measureServer(context: BenchContext, label: string, server: ServerProcess, withNotify: boolean): Promise<WriteFigures> {
  pin(server.pid, SERVER_CORE);
  const { count, warmup, seconds } = sizes(context);
  const put = await sequentialWrites(server.baseUrl, configWrite, count, warmup);
  const writesPerSecond = await concurrentWrites(server.baseUrl, configWrite, WRITERS, seconds);
  context.log(`${label}: PUT p50 ${put.p50.toFixed(2)} ms, p99 ${put.p99.toFixed(2)} ms; ${writesPerSecond.toFixed(0)} writes/s with ${WRITERS} writers`);
  if (!withNotify) return { put, writesPerSecond };
  const writer = new Writer(server.baseUrl);
  const watchUrl = `${server.baseUrl.replace(/^http/, 'ws')}/ws/v1/configs/updates?namespace=${NAMESPACE}&key=notify`;
  const notify = await measureNotify(context, `${label}, 1 watcher`, webSocketWatchers(() => watchUrl, 1, { 'x-api-key': ADMIN_KEY }), count, async (round) => {
    await writer.send(configPut(ADMIN_KEY, NAMESPACE, 'notify', round));
    return {};
  }).finally(() => writer.close());
  return { put, writesPerSecond, notify: notify.fromSend };
}

async function measureSqlite(context: BenchContext): Promise<WriteFigures> {
  const dataDir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'cs-bench-writes-'));
  const server = await startServerProcess({ dataDir, env: serverEnv() });
  try {
    return await measureServer(context, 'config-service on SQLite', server, true);
  } finally {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function measurePostgres(context: BenchContext): Promise<WriteFigures> {
  const postgres = await startPostgres();
  try {
    pin(postgres.pid, SERVER_CORE);
    for (const child of childPids(postgres.pid)) pin(child, SERVER_CORE);
    const server = await startServerProcess({ env: { ...serverEnv(), DATABASE_URL: await createScratchDatabase(postgres.url) } });
    try {
      return await measureServer(context, 'config-service on PostgreSQL', server, false);
    } finally {
      await server.stop();
    }
  } finally {
    await postgres.stop();
  }
}

function serverEnv(): Record<string, string> {
  return { ...BENCH_SERVER_ENV };
}

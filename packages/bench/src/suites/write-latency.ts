import { rmSync } from 'node:fs';
import { createScratchDatabase, startPostgres } from '@config-service/tests/harness/postgres-server';
import { startServerProcess, type ServerProcess } from '@config-service/tests/harness/server-process';
import { memoryDir } from '@config-service/tests/harness/memory-dir';
import type { BenchContext, BenchResult, BenchSuite } from '../bench-suite';
import { findEtcd, startEtcd } from '../support/etcd-server';
import { configPut, etcdPut } from '../support/write-requests';
import { measureNotify, percentiles, type Percentiles } from '../support/notify-rounds';
import { SERVER_CORE, pin, pinTree } from '../support/pinning';
import { etcdWatchers, webSocketWatchers } from '../support/watchers';
import { Writer, concurrentWrites, sequentialWriteTimes, sequentialWrites, type WriteOf } from '../support/writers';
import { ADMIN_KEY, BENCH_SERVER_ENV } from '../support/server-env';
import { startFixture, type FixtureServer } from '../support/spawn-fixture';
import { startStorageFloor } from '../support/storage-floor';
import { measureInProcessWrites, type InProcessWriteTimes } from '../support/in-process-writes';

const NAMESPACE = 'bench-writes';
const WRITERS = 8;

interface WriteFigures {
  put: Percentiles;
  writesPerSecond: number;
  /** PUT sent to its one watcher notified; measured on the embedded target and on etcd. */
  notify?: Percentiles;
  /** The same PUTs with no HTTP (config-service only): the engine's and the storage's share. */
  inProcess?: { engine: Percentiles; store: Percentiles };
  /** The same writes to each of the target's storage floors, by name (config-service only). */
  floors: Map<string, { put: Percentiles; writesPerSecond: number }>;
}

/**
 * Writes, beside etcd in the same run (when `etcd` is installed): sequential PUT latency from
 * send to response on one kept-alive connection; writes/s with 8 writers each on its own key
 * and connection; PUT-to-notify with one watcher, from sending the PUT to the watcher having
 * the change. config-service on embedded SQLite (data on tmpfs) and on PostgreSQL (fsync off),
 * etcd through its HTTP/JSON gateway (`/v3/kv/put` with base64 key and value, `/v3/watch`),
 * its data on tmpfs too. Every server runs on the server core; this client on the other.
 * First the floor: the same PUTs to a Node server that only reads the body and answers, what
 * no Node server's write can beat on this machine (etcd's PUT is printed as a ratio to it).
 * In each pass, for each database, also the server's own write path with no HTTP in front (the
 * engine's PUT, and the storage's statements alone), so the report shows where a PUT's time goes,
 * and the storage floor: the same PUTs and 8 writers to a bare node:http server that writes each
 * PUT's rows through the storage alone and does nothing else (support/storage-floor.ts). Beside
 * etcd's, it says how much of a target is left for everything config-service does on top.
 */
export const writeLatency: BenchSuite = {
  name: 'writes',
  description: `PUT latency, ${WRITERS}-writer throughput and PUT-to-notify (1 watcher), SQLite and PostgreSQL, beside etcd`,
  async run(context) {
    const floor = await measureFloor(context);
    if (!findEtcd()) context.log('etcd is not installed (Debian etcd-server): no etcd figures, no targets');
    const started: WriteTarget[] = [];
    const start = async (target: Promise<WriteTarget>) => {
      started.push(await target);
      return started.at(-1)!;
    };
    let measured: { etcd?: { label: string; figures: WriteFigures }; sqlite: WriteFigures; postgres: WriteFigures };
    try {
      const etcdTarget = findEtcd() ? await start(startEtcdTarget()) : undefined;
      const sqliteTarget = await start(startSqliteTarget());
      const postgresTarget = await start(startPostgresTarget());
      const figures = await measureInterleaved(context, started);
      measured = {
        sqlite: figures.get(sqliteTarget)!,
        postgres: figures.get(postgresTarget)!,
        ...(etcdTarget ? { etcd: { label: etcdTarget.label, figures: figures.get(etcdTarget)! } } : {}),
      };
    } finally {
      await stopAll(context, started);
    }
    const { etcd, sqlite: sqliteFigures, postgres: postgresFigures } = measured;

    const results: BenchResult[] = [];
    const ms = (name: string, value: number, note?: string): BenchResult => ({ name, value, unit: 'ms', ...(note ? { note } : {}) });
    const againstEtcd = (result: BenchResult, of: (figures: WriteFigures) => number, target?: { at: number; higherIsBetter?: boolean }): BenchResult => {
      if (!etcd) return result;
      const ratio = result.value / of(etcd.figures);
      return {
        ...result,
        ratio: { to: etcd.label, value: ratio },
        ...(target ? { target: { text: `${target.higherIsBetter ? '>=' : '<='} ${target.at}x etcd`, met: target.higherIsBetter ? ratio >= target.at : ratio <= target.at } } : {}),
      };
    };
    results.push({
      ...ms('node:http PUT floor p50', floor.p50, 'a Node server that reads the body and answers an entry-sized JSON: no parsing, no storage'),
      ...(etcd ? { ratio: { to: etcd.label, value: floor.p50 / etcd.figures.put.p50 } } : {}),
    });
    if (etcd) {
      results.push(ms('etcd PUT p50', etcd.figures.put.p50, `${etcd.label}, /v3/kv/put on the JSON gateway; p99 ${etcd.figures.put.p99.toFixed(2)} ms`));
      results.push({ name: `etcd writes/s, ${WRITERS} writers`, value: etcd.figures.writesPerSecond, unit: 'writes/s' });
      results.push(ms('etcd PUT-to-notify p50', etcd.figures.notify!.p50, '1 watcher on /v3/watch'));
    }
    results.push(againstEtcd(ms('SQLite PUT p50', sqliteFigures.put.p50, `embedded SQLite; p99 ${sqliteFigures.put.p99.toFixed(2)} ms`), (f) => f.put.p50, { at: 1.0 }));
    results.push(againstEtcd(ms('PostgreSQL PUT p50', postgresFigures.put.p50, `p99 ${postgresFigures.put.p99.toFixed(2)} ms`), (f) => f.put.p50, { at: 1.5 }));
    results.push(againstEtcd({ name: `SQLite writes/s, ${WRITERS} writers`, value: sqliteFigures.writesPerSecond, unit: 'writes/s' }, (f) => f.writesPerSecond, { at: 0.5, higherIsBetter: true }));
    results.push(againstEtcd({ name: `PostgreSQL writes/s, ${WRITERS} writers`, value: postgresFigures.writesPerSecond, unit: 'writes/s' }, (f) => f.writesPerSecond, { at: 0.5, higherIsBetter: true }));
    for (const [db, figures] of [['SQLite', sqliteFigures], ['PostgreSQL', postgresFigures]] as const) {
      // A share of the same database's PUT over HTTP, measured in the same passes.
      const { engine, store } = figures.inProcess!;
      const ofPut = (value: number) => ({ ratio: { to: `${db} PUT`, value: value / figures.put.p50 } });
      results.push({ ...ms(`${db} PUT without HTTP p50`, engine.p50, `ConfigEngine.put on the store in one process, back to back (a lower bound); p99 ${engine.p99.toFixed(2)} ms`), ...ofPut(engine.p50) });
      results.push({ ...ms(`${db} storage alone p50`, store.p50, `read the entry; write it, its history item and audit row; commit; p99 ${store.p99.toFixed(2)} ms`), ...ofPut(store.p50) });
    }
    for (const [db, figures] of [['SQLite', sqliteFigures], ['PostgreSQL', postgresFigures]] as const) {
      // The same writes to a bare server that only stores them: the least this PUT could cost here.
      const ratioNote = (ours: number, theirs: number) => `config-service: ${(ours / theirs).toFixed(2)}x this`;
      for (const [name, storageFloor] of figures.floors) {
        const what = FLOORS[name]!;
        results.push(againstEtcd(ms(`${db} ${name} PUT p50`, storageFloor.put.p50, `${what}; ${ratioNote(figures.put.p50, storageFloor.put.p50)}`), (f) => f.put.p50));
        results.push(
          againstEtcd(
            { name: `${db} ${name} writes/s, ${WRITERS} writers`, value: storageFloor.writesPerSecond, unit: 'writes/s', note: ratioNote(figures.writesPerSecond, storageFloor.writesPerSecond) },
            (f) => f.writesPerSecond,
          ),
        );
      }
    }
    results.push(againstEtcd(ms('SQLite PUT-to-notify p50', sqliteFigures.notify!.p50, '1 watcher, from sending the PUT'), (f) => f.notify!.p50, { at: 1.0 }));
    return results;
  },
};

/** A server the suite writes to: started once, warmed up, then measured in every pass. */
interface WriteTarget {
  label: string;
  url: string;
  write: WriteOf;
  /** `rounds` PUTs, each waited for at one watcher: PUT sent to watcher notified, every figure. */
  notify?: (context: BenchContext, rounds: number, from: number) => Promise<number[]>;
  /** The same PUTs through the server's code with no HTTP, on a database of their own. */
  inProcess?: (puts: number, warmup: number) => Promise<InProcessWriteTimes>;
  /** Its storage floors (support/storage-floor.ts), each on a database of its own, by name (FLOORS): measured with the same writes, right after it. */
  floors?: Map<string, string>;
  stop(): Promise<void>;
}

/**
 * Every target in two passes, the second in the reverse order (etcd, SQLite, PostgreSQL, then
 * PostgreSQL, SQLite, etcd), half the figures in each, pooled. This machine's speed drifts
 * within a run by more than the gaps measured (in one run etcd's two passes gave 4,128 and
 * 7,688 writes/s): measured one after the other, a target was compared with an etcd measured a
 * minute earlier on a different machine state. Interleaved like this, a drift that is steady
 * over the suite falls equally on each; one that is not still shows in the pass figures
 * logged. A target's storage floors are measured with it, after it in the first pass and
 * before it (in reverse order) in the second, so a drift falls alike on a target and its floors
 * too. (The node:http floor is measured alone before them all: it is printed beside etcd's PUT,
 * with no target.)
 */
async function measureInterleaved(context: BenchContext, targets: readonly WriteTarget[]): Promise<Map<WriteTarget, WriteFigures>> {
  const { count, warmup, seconds } = sizes(context);
  const PASSES = 2;
  const pooled = new Map(
    targets.map((target) => [
      target,
      {
        put: [] as number[],
        rates: [] as number[],
        notify: [] as number[],
        engine: [] as number[],
        store: [] as number[],
        floors: new Map([...(target.floors?.keys() ?? [])].map((name) => [name, { put: [] as number[], rates: [] as number[] }])),
      },
    ]),
  );
  for (const target of targets) {
    await sequentialWriteTimes(target.url, target.write, 0, warmup);
    for (const url of target.floors?.values() ?? []) await sequentialWriteTimes(url, target.write, 0, warmup);
  }
  for (let pass = 0; pass < PASSES; pass++) {
    // A new value every time: each pass writes numbers of its own.
    const from = (pass + 1) * 10_000_000;
    const forward = pass % 2 === 0;
    for (const target of forward ? targets : [...targets].reverse()) {
      const figures = pooled.get(target)!;
      const measureTarget = async () => {
        figures.put.push(...(await sequentialWriteTimes(target.url, target.write, count / PASSES, 0, from)));
        figures.rates.push(await concurrentWrites(target.url, target.write, WRITERS, seconds / PASSES, from + 5_000_000));
        if (target.notify) figures.notify.push(...(await target.notify(context, count / PASSES, from)));
        if (target.inProcess) {
          const times = await target.inProcess(count / PASSES, warmup);
          figures.engine.push(...times.engine);
          figures.store.push(...times.store);
        }
      };
      const measureFloors = async () => {
        const floors = [...(target.floors ?? [])];
        for (const [name, url] of forward ? floors : floors.reverse()) {
          const measured = figures.floors.get(name)!;
          measured.put.push(...(await sequentialWriteTimes(url, target.write, count / PASSES, 0, from)));
          measured.rates.push(await concurrentWrites(url, target.write, WRITERS, seconds / PASSES, from + 5_000_000));
        }
      };
      if (forward) {
        await measureTarget();
        await measureFloors();
      } else {
        await measureFloors();
        await measureTarget();
      }
    }
  }
  return new Map(
    targets.map((target) => {
      const { put, rates, notify, engine, store, floors } = pooled.get(target)!;
      const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
      const figures: WriteFigures = {
        put: percentiles(put),
        writesPerSecond: mean(rates),
        ...(target.notify ? { notify: percentiles(notify) } : {}),
        ...(target.inProcess ? { inProcess: { engine: percentiles(engine), store: percentiles(store) } } : {}),
        floors: new Map([...floors].map(([name, floor]) => [name, { put: percentiles(floor.put), writesPerSecond: mean(floor.rates) }])),
      };
      context.log(
        `${target.label}: PUT p50 ${figures.put.p50.toFixed(2)} ms, p99 ${figures.put.p99.toFixed(2)} ms; ${figures.writesPerSecond.toFixed(0)} writes/s with ${WRITERS} writers ` +
          `(passes: ${rates.map((rate) => rate.toFixed(0)).join(', ')})${figures.notify ? `; PUT-to-notify p50 ${figures.notify.p50.toFixed(2)} ms` : ''}` +
          `${figures.inProcess ? `; no HTTP: engine PUT p50 ${figures.inProcess.engine.p50.toFixed(3)} ms, storage alone p50 ${figures.inProcess.store.p50.toFixed(3)} ms` : ''}` +
          [...floors]
            .map(([name, measured]) => `; ${name}: PUT p50 ${figures.floors.get(name)!.put.p50.toFixed(2)} ms, writes/s with ${WRITERS} writers in the passes: ${measured.rates.map((rate) => rate.toFixed(0)).join(', ')}`)
            .join(''),
      );
      return [target, figures] as const;
    }),
  );
}

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

const STORAGE_FLOOR = 'storage floor';
const DRIVER_FLOOR = 'driver floor';
/** What each floor is, for the report. */
const FLOORS: Record<string, string> = {
  [STORAGE_FLOOR]: "bare node:http writing the PUT's rows through the storage alone (no auth, rules, cache, notify)",
  [DRIVER_FLOOR]: 'the same statements as synchronous driver calls, one transaction per PUT (no store, session or group commit)',
};

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

async function startEtcdTarget(): Promise<WriteTarget> {
  const etcd = await startEtcd();
  return {
    label: `etcd ${etcd.version}`,
    url: etcd.url,
    write: etcdWrite,
    notify: async (context, rounds, from) => {
      const writer = new Writer(etcd.url);
      const measured = await measureNotify(context, `etcd ${etcd.version}, 1 watcher`, etcdWatchers(etcd.url, 'notify', 1), rounds, async (round) => {
        await writer.send(etcdPut('notify', String(from + round)));
        return {};
      }).finally(() => writer.close());
      return measured.fromSendTimes;
    },
    stop: () => etcd.stop(),
  };
}

/** A config-service target on `server` (pinned to the server core by the caller), with its storage floors. */
function serverTarget(
  label: string,
  server: ServerProcess,
  parts: { withNotify: boolean; floors: Map<string, FixtureServer>; inProcess: WriteTarget['inProcess']; stop: () => Promise<void> },
): WriteTarget {
  const notify: WriteTarget['notify'] = async (context, rounds, from) => {
    const writer = new Writer(server.baseUrl);
    const watchUrl = `${server.baseUrl.replace(/^http/, 'ws')}/ws/v1/configs/updates?namespace=${NAMESPACE}&key=notify`;
    const measured = await measureNotify(context, `${label}, 1 watcher`, webSocketWatchers(() => watchUrl, 1, { 'x-api-key': ADMIN_KEY }), rounds, async (round) => {
      await writer.send(configPut(ADMIN_KEY, NAMESPACE, 'notify', from + round));
      return {};
    }).finally(() => writer.close());
    return measured.fromSendTimes;
  };
  const { withNotify, floors, inProcess, stop } = parts;
  return { label, url: server.baseUrl, write: configWrite, ...(withNotify ? { notify } : {}), inProcess, floors: new Map([...floors].map(([name, floor]) => [name, floor.url])), stop };
}

/**
 * What a target started, stopped in the reverse order: `add` each thing once it runs; `stop`
 * stops every one even after one fails, then throws the first failure; `build` gives what
 * `next` makes of them, and if `next` fails, stops them first.
 */
function startedParts() {
  const stops: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    let failed: { error: unknown } | undefined;
    for (const each of stops) {
      try {
        await each();
      } catch (error) {
        failed ??= { error };
      }
    }
    if (failed) throw failed.error;
  };
  return {
    add(each: () => Promise<unknown>) {
      stops.unshift(each);
    },
    stop,
    async build<T>(next: () => Promise<T>): Promise<T> {
      try {
        return await next();
      } catch (error) {
        await stop().catch(() => undefined);
        throw error;
      }
    },
  };
}

async function startSqliteTarget(): Promise<WriteTarget> {
  const dataDir = memoryDir('cs-bench-writes-');
  const floorDirs = [memoryDir('cs-bench-floor-'), memoryDir('cs-bench-driver-floor-')] as const;
  const parts = startedParts();
  parts.add(async () => {
    for (const dir of [dataDir, ...floorDirs]) rmSync(dir, { recursive: true, force: true });
  });
  return parts.build(async () => {
    const server = await startServerProcess({ dataDir, env: serverEnv() });
    parts.add(() => server.stop());
    pin(server.pid, SERVER_CORE);
    const floors = new Map<string, FixtureServer>();
    for (const [name, start] of [
      [STORAGE_FLOOR, () => startStorageFloor({ dataDir: floorDirs[0] })],
      [DRIVER_FLOOR, () => startStorageFloor({ dataDir: floorDirs[1] }, { driver: true })],
    ] as const) {
      const floor = await start();
      floors.set(name, floor);
      parts.add(() => floor.stop());
    }
    return serverTarget('config-service on SQLite', server, {
      withNotify: true,
      floors,
      inProcess: async (puts, warmup) => {
        const inProcessDir = memoryDir('cs-bench-in-process-');
        try {
          return await measureInProcessWrites({ dataDir: inProcessDir }, puts, warmup);
        } finally {
          rmSync(inProcessDir, { recursive: true, force: true });
        }
      },
      stop: parts.stop,
    });
  });
}

async function startPostgresTarget(): Promise<WriteTarget> {
  const postgres = await startPostgres();
  const parts = startedParts();
  parts.add(() => postgres.stop());
  return parts.build(async () => {
    pinTree(postgres.pid, SERVER_CORE);
    const server = await startServerProcess({ env: { ...serverEnv(), DATABASE_URL: await createScratchDatabase(postgres.url) } });
    parts.add(() => server.stop());
    pin(server.pid, SERVER_CORE);
    const floor = await startStorageFloor({ url: await createScratchDatabase(postgres.url) });
    parts.add(() => floor.stop());
    return serverTarget('config-service on PostgreSQL', server, {
      withNotify: false,
      floors: new Map([[STORAGE_FLOOR, floor]]),
      inProcess: async (puts, warmup) => measureInProcessWrites({ url: await createScratchDatabase(postgres.url) }, puts, warmup),
      stop: parts.stop,
    });
  });
}

/** Stops every target, the last started first; one that fails to stop does not keep the others running. */
async function stopAll(context: BenchContext, targets: readonly WriteTarget[]): Promise<void> {
  for (const target of [...targets].reverse()) {
    await target.stop().catch((error: unknown) => context.log(`${target.label} did not stop cleanly: ${String(error)}`));
  }
}

function serverEnv(): Record<string, string> {
  return { ...BENCH_SERVER_ENV };
}

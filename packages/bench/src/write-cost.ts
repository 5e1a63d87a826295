import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { createScratchDatabase, startPostgres, type PostgresServer } from '@config-service/tests/harness/postgres-server';
import { startServerProcess } from '@config-service/tests/harness/server-process';
import { memoryDir } from '@config-service/tests/harness/memory-dir';
import { ADMIN_KEY, BENCH_SERVER_ENV } from './support/server-env';
import { LOAD_CORE, SERVER_CORE, childPids, pin, pinTree } from './support/pinning';
import { procStat, processCpuMs } from './support/proc-stat';

/*
 * The server's cost per PUT: one server (embedded SQLite with its data dir on /dev/shm, or a
 * throwaway PostgreSQL, pinned to the server's core as the bench pins it), sequential PUTs from
 * one keep-alive connection on loopback. Prints the server's CPU time per PUT (from /proc, so
 * other load on the machine does not count), PostgreSQL's too (all its processes), and the
 * latency p50. `--profile DIR` runs the server with `--cpu-prof` into DIR.
 *
 *   pnpm --filter @config-service/bench write-cost --db sqlite --puts 1000
 *   pnpm --filter @config-service/bench write-cost --db postgresql --puts 500
 *   pnpm --filter @config-service/bench write-cost --db sqlite --puts 2000 --writers 8
 *
 * `--writers N` sends the PUTs from N connections at once (each writer on its own keys), as the
 * bench's concurrent-writes figure does: what group commit saves shows as CPU per PUT here.
 *
 * To compare with an earlier build in the same conditions, build it, copy apps/server/dist to
 * e.g. apps/server/node_modules/.base (so its imports resolve) and alternate runs with
 * `--entry <that dir>/main.js` and without.
 */


const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    puts: { type: 'string', default: '1000' },
    writers: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '200' },
    profile: { type: 'string' },
    /** More flags for the server's node (e.g. --trace-deopt), repeatable. */
    'node-arg': { type: 'string', multiple: true },
    /** Where to write everything the server printed (what --trace flags print, say). */
    'server-output': { type: 'string' },
    /** Another build of the server (e.g. one built from an earlier commit), to compare in one run. */
    entry: { type: 'string' },
    /** A pause after each measured PUT, as the notify rounds make (the server idles between writes). */
    'pause-ms': { type: 'string', default: '0' },
  },
});

/** What a pause after each PUT does to the figures: said in the output, so it is not read as a cost of the PUT. */
const PACED = 'putsPerSecond counts the pauses; the CPU figures include what the idle server spends during them (its timers and polls)';

const puts = Number(values.puts);
const warmup = Number(values.warmup);
const pauseMs = Number(values['pause-ms']);
let postgres: PostgresServer | undefined;
const env: Record<string, string> = {
  ...BENCH_SERVER_ENV,
  CONFIG_SERVICE_JWT_SECRET: randomBytes(32).toString('hex'),
  CONFIG_SERVICE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
};
if (values.db === 'postgresql') {
  postgres = await startPostgres();
  // On the server core, as the bench runs it; the backends it starts later inherit the core.
  pinTree(postgres.pid, SERVER_CORE);
  env.DATABASE_URL = await createScratchDatabase(postgres.url);
}
const dataDir = memoryDir('cs-write-cost-');
const server = await startServerProcess({
  env,
  dataDir,
  ...(values.entry ? { entry: values.entry } : {}),
  nodeArgs: [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []), ...(values['node-arg'] ?? [])],
});

// As the bench runs them: the server on one core, this client on the other.
pin(server.pid, SERVER_CORE);
pin(process.pid, LOAD_CORE);

const writers = Number(values.writers);
const agents = Array.from({ length: writers }, () => new Agent({ keepAlive: true, maxSockets: 1 }));
const url = new URL(server.baseUrl);

function put(key: string, value: unknown, agent = agents[0]!): Promise<number> {
  const body = JSON.stringify({ value });
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'PUT',
        path: `/api/v1/configs/${key}?namespace=bench`,
        headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200 && res.statusCode !== 201) reject(new Error(`PUT answered ${res.statusCode}`));
          else resolve(Number(process.hrtime.bigint() - started) / 1e6);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * CPU ms of each of the server's threads by name. On Node 20 every thread is named "node", so
 * the main thread is told apart as "node (main)"; the others are V8's and libuv's.
 */
function threadCpuMs(pid: number): Map<string, number> {
  const byName = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const { name, user, system } = procStat(`/proc/${pid}/task/${task}/stat`);
      const thread = task === String(pid) ? `${name} (main)` : name;
      byName.set(thread, (byName.get(thread) ?? 0) + user + system);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return byName;
}

/** CPU ms of PostgreSQL's processes (the postmaster and its children: the backends, the writers). */
function postgresCpuMs(pid: number): number {
  let ms = 0;
  for (const process of [pid, ...childPids(pid)]) {
    try {
      ms += processCpuMs(process);
    } catch {
      // Ended between the listing and the read.
    }
  }
  return ms;
}

try {
  // Keys cycle over 50 so most PUTs update an existing row, as config writes mostly do.
  for (let i = 0; i < warmup; i++) await put(`key-${i % 50}`, { n: i, warm: true });
  const cpuBefore = procStat(`/proc/${server.pid}/stat`);
  const threadsBefore = threadCpuMs(server.pid);
  const postgresBefore = postgres ? postgresCpuMs(postgres.pid) : 0;
  const latencies: number[] = [];
  const startedAt = process.hrtime.bigint();
  // Writer w sends PUTs w, w + writers, w + 2 * writers…: `puts` in all, on keys of its own.
  await Promise.all(
    agents.map(async (agent, writer) => {
      for (let i = writer; i < puts; i += writers) {
        latencies.push(await put(`key-${writer}-${i % 50}`, { n: i, flag: i % 2 === 0, name: `value ${i}` }, agent));
        if (pauseMs > 0) await new Promise((done) => setTimeout(done, pauseMs));
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  const cpuAfter = procStat(`/proc/${server.pid}/stat`);
  const postgresMsPerPut = postgres ? { postgresCpuMsPerPut: +((postgresCpuMs(postgres.pid) - postgresBefore) / puts).toFixed(3) } : {};
  const threadMsPerPut = Object.fromEntries(
    [...threadCpuMs(server.pid)].map(([name, ms]) => [name, +((ms - (threadsBefore.get(name) ?? 0)) / puts).toFixed(3)] as const).filter(([, ms]) => ms > 0),
  );
  const user = cpuAfter.user - cpuBefore.user;
  const system = cpuAfter.system - cpuBefore.system;
  // How many writes shared a transaction (group commit), from the server's own metric.
  const metrics = await (await fetch(`${server.baseUrl}/metrics`, { headers: { 'x-api-key': ADMIN_KEY } })).text();
  const batches = (name: string) => Number(new RegExp(`^config_write_batch_size_${name} (\\d+)`, 'm').exec(metrics)?.[1] ?? NaN);
  latencies.sort((a, b) => a - b);
  const p50 = latencies[Math.floor(latencies.length / 2)]!;
  const p99 = latencies[Math.floor(latencies.length * 0.99)]!;
  console.log(
    JSON.stringify({ db: values.db, entry: values.entry ?? 'apps/server/dist/main.js', puts, writers, pauseMs, ...(pauseMs > 0 ? { paced: PACED } : {}), putsPerSecond: Math.round(puts / seconds), writesPerTransaction: +(batches('sum') / batches('count')).toFixed(2), cpuMsPerPut: +((user + system) / puts).toFixed(3), userMsPerPut: +(user / puts).toFixed(3), systemMsPerPut: +(system / puts).toFixed(3), p50Ms: +p50.toFixed(3), p99Ms: +p99.toFixed(3), threadMsPerPut, ...postgresMsPerPut }),
  );
} finally {
  if (values['server-output']) writeFileSync(values['server-output'], server.output());
  for (const agent of agents) agent.destroy();
  await server.stop();
  await postgres?.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

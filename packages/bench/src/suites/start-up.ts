import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServerProcess } from '@config-service/tests/harness/server-process';
import { memoryDir } from '@config-service/tests/harness/memory-dir';
import type { BenchSuite } from '../bench-suite';
import { BENCH_SERVER_ENV } from '../support/server-env';
import { SERVER_CORE, canPin } from '../support/pinning';
import { processCpuMs } from '../support/proc-stat';
import { startFixture } from '../support/spawn-fixture';
import { percentiles } from '../support/notify-rounds';

interface Start {
  /** From spawn to the "listening on" line. */
  wallMs: number;
  /** CPU the process used by then, every thread (JIT and GC threads included). */
  cpuMs: number;
}

/** Starts the Express hello world of fixtures/ (on the server core) and stops it once it listens. */
async function expressStart(): Promise<Start> {
  const started = performance.now();
  const fixture = await startFixture('hello-express.mjs');
  const start = { wallMs: performance.now() - started, cpuMs: processCpuMs(fixture.pid) };
  await fixture.stop();
  return start;
}

/** Starts the server on `dataDir` and stops it once it listens. */
async function serverStart(dataDir: string): Promise<Start> {
  const started = performance.now();
  const server = await startServerProcess({
    dataDir,
    env: { ...BENCH_SERVER_ENV },
    // The shell pins itself, then becomes the server.
    ...(canPin() ? { shellPrefix: `taskset -p -c ${SERVER_CORE} $$ > /dev/null` } : {}),
  });
  const start = { wallMs: performance.now() - started, cpuMs: processCpuMs(server.pid) };
  await server.stop();
  return start;
}

/**
 * How long a server takes to listen, beside an Express hello world started the same way: what a
 * rolling restart, a scaled-out replica and every test that starts a server wait for. The
 * server starts on an up-to-date embedded SQLite file without Redis (a first start, not counted,
 * creates it), alternating with the baseline so drift hits both.
 */
export const startUp: BenchSuite = {
  name: 'start-up',
  description: 'server start-up to listening (up-to-date SQLite, no Redis), against an Express hello world',
  async run(context) {
    const dataDir = memoryDir('cs-bench-start-');
    const rounds = context.quick ? 3 : 7;
    const express: Start[] = [];
    const server: Start[] = [];
    try {
      await serverStart(dataDir);
      for (let round = 0; round < rounds; round += 1) {
        express.push(await expressStart());
        server.push(await serverStart(dataDir));
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
    const figures = {
      expressWall: percentiles(express.map((start) => start.wallMs)).p50,
      expressCpu: percentiles(express.map((start) => start.cpuMs)).p50,
      serverWall: percentiles(server.map((start) => start.wallMs)).p50,
      serverCpu: percentiles(server.map((start) => start.cpuMs)).p50,
    };
    context.log(
      `start-up, median of ${rounds}: Express hello ${figures.expressWall.toFixed(0)} ms (CPU ${figures.expressCpu} ms); ` +
        `config-service ${figures.serverWall.toFixed(0)} ms (CPU ${figures.serverCpu} ms); each: ${server.map((start) => start.wallMs.toFixed(0)).join(', ')} ms`,
    );
    return [
      { name: 'Express hello world: start to listening', value: figures.expressWall, unit: 'ms', note: `CPU ${figures.expressCpu} ms, every thread; one core; median of ${rounds}` },
      {
        name: 'config-service: start to listening',
        value: figures.serverWall,
        unit: 'ms',
        ratio: { to: 'Express hello world', value: figures.serverWall / figures.expressWall },
        note: `CPU ${figures.serverCpu} ms (${(figures.serverCpu / figures.expressCpu).toFixed(2)}x); up-to-date SQLite, no Redis; median of ${rounds}`,
      },
    ];
  },
};

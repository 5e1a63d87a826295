import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { expectProblem } from '../harness/problem-assertions';
import { freePort } from '../harness/free-port';
import { createScratchDatabase, startPostgres, type PostgresServer } from '../harness/postgres-server';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { ADMIN_KEY } from '../harness/targets';
import { waitFor } from '../harness/wait-for';
import { missingWrites, startWriteLoad } from '../harness/write-load';

/*
 * Faults under writes, black-box: the database going away and coming back, the server killed,
 * the disk filling up. No answer is a 500, no acknowledged write is lost, and no log line
 * carries a value.
 */

const MiB = 1024 * 1024;

function summary(statuses: Map<number, number>): string {
  return [...statuses].map(([status, count]) => `${status}×${count}`).join(' ');
}

function expectNoValueIn(logs: string, values: string[]): void {
  expect(logs.length).toBeGreaterThan(0);
  const leaked = values.filter((value) => logs.includes(value));
  expect(leaked, `values in the logs, e.g. ${leaked[0]}`).toEqual([]);
}

describe('PostgreSQL faults', () => {
  let postgres: PostgresServer | undefined;
  let port: number;
  afterAll(async () => {
    await postgres?.stop();
  });

  it('start-up names DATABASE_URL when PostgreSQL never comes', async () => {
    const nowhere = await freePort();
    const started = performance.now();
    const failure = await startServerProcess({
      env: { DATABASE_URL: `postgres://postgres:hunter2@127.0.0.1:${nowhere}/postgres`, CONFIG_SERVICE_DATABASE_WAIT_SECONDS: '2' },
    }).then(
      (server) => server.stop().then(() => 'started'),
      (error: Error) => error.message,
    );
    const seconds = (performance.now() - started) / 1000;
    expect(failure).toMatch(/^server exited with 1 before listening/);
    expect(failure).toContain('DATABASE_URL');
    expect(failure).toContain('CONFIG_SERVICE_DATABASE_WAIT_SECONDS');
    expect(failure).toContain(`127.0.0.1:${nowhere}`);
    expect(failure).not.toContain('hunter2');
    // It waited the configured time, retrying, before it gave up.
    expect(failure).toMatch(/waiting for the PostgreSQL named by DATABASE_URL/);
    expect(seconds).toBeGreaterThanOrEqual(1.5);
  });

  it('start-up waits for a PostgreSQL that comes up later', { timeout: 90_000 }, async () => {
    port = await freePort();
    let printed = '';
    const server = startServerProcess({
      env: { DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/postgres`, CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY },
      onOutput: (chunk) => (printed += chunk),
    });
    // Awaited below; a server that exits instead of waiting fails the wait first.
    server.catch(() => undefined);
    // PostgreSQL starts only once the server has found it missing and said it waits.
    await waitFor('the server to wait for PostgreSQL', async () => /waiting for the PostgreSQL named by DATABASE_URL/.test(printed), 30_000, 50);
    postgres = await startPostgres({ port });
    const running = await server;
    try {
      expect(printed).toMatch(/waiting for the PostgreSQL named by DATABASE_URL/);
      expect((await new HttpClient(running.baseUrl, ADMIN_KEY).put('/api/v1/configs/k', { value: 1 })).status).toBe(201);
    } finally {
      await running.stop();
    }
  });

  it('PostgreSQL restarted three times during writes: no 500, no acknowledged write lost, no value in the logs', { timeout: 120_000 }, async () => {
    if (!postgres) postgres = await startPostgres();
    const databaseUrl = await createScratchDatabase(postgres.url);
    const server = await startServerProcess({ env: { DATABASE_URL: databaseUrl, CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'info' }, keepOutput: 50 * MiB });
    const load = startWriteLoad(server.baseUrl, ADMIN_KEY, { writers: 4 });
    try {
      for (let restart = 0; restart < 3; restart++) {
        // Writes flow again before each restart (however slow the machine is).
        const before = load.acknowledged.length;
        await waitFor('writes acknowledged between restarts', async () => load.acknowledged.length >= before + 10, 60_000, 20);
        await postgres.restart(300);
      }
      const after = load.acknowledged.length;
      await waitFor('writes acknowledged after the last restart', async () => load.acknowledged.length >= after + 10, 60_000, 20);
    } finally {
      await load.stop();
    }
    try {
      console.log(`[robustness] PostgreSQL restarts during writes: ${summary(load.statuses)}; ${load.acknowledged.length} acknowledged`);
      expect(load.statuses.get(500) ?? 0).toBe(0);
      expect([...load.statuses.keys()].sort()).toEqual([...load.statuses.keys()].filter((status) => [200, 201, 503].includes(status)).sort());
      expect(load.statuses.get(503) ?? 0).toBeGreaterThan(0);
      expect(load.acknowledged.length).toBeGreaterThan(20);
      await waitFor('the server to reach the database again', async () => (await new HttpClient(server.baseUrl, null).get('/health')).status === 200, 15_000);
      expect(await missingWrites(server.baseUrl, ADMIN_KEY, load.acknowledged)).toEqual([]);
      expectNoValueIn(server.output(), load.sent);
    } finally {
      await server.stop();
    }
  });

  it('server killed (-9) during writes: every acknowledged write is there after the restart', { timeout: 90_000 }, async () => {
    if (!postgres) postgres = await startPostgres();
    const databaseUrl = await createScratchDatabase(postgres.url);
    await killDuringWrites({ DATABASE_URL: databaseUrl });
  });
});

/** Writes, kill -9 mid-flight, restart on the same store, and check every acknowledged write. */
async function killDuringWrites(env: Record<string, string>, dataDir?: string): Promise<void> {
  const first = await startServerProcess({ env: { ...env, CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY }, ...(dataDir ? { dataDir } : {}) });
  const load = startWriteLoad(first.baseUrl, ADMIN_KEY, { writers: 4 });
  await waitFor('some writes acknowledged', async () => load.acknowledged.length >= 30, 20_000, 10);
  await first.kill();
  await load.stop();
  const second = await startServerProcess({ env: { ...env, CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY }, dataDir: first.dataDir });
  try {
    console.log(`[robustness] kill -9 during writes (${env.DATABASE_URL ? 'postgresql' : 'sqlite'}): ${summary(load.statuses)}; ${load.acknowledged.length} acknowledged`);
    expect(load.statuses.get(500) ?? 0).toBe(0);
    expect(await missingWrites(second.baseUrl, ADMIN_KEY, load.acknowledged)).toEqual([]);
  } finally {
    await second.stop();
  }
}

describe('embedded store faults', () => {
  it('server killed (-9) during writes: every acknowledged write is there after the restart', { timeout: 90_000 }, async () => {
    await killDuringWrites({});
  });

  describe('a full disk', () => {
    let dir: string;
    let how: 'tmpfs' | 'file size limit';
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'cs-full-'));
      // A small tmpfs where the machine lets us mount one (root); else a limit on file size
      // (SIGXFSZ ignored, so a write past it fails with EFBIG as SQLite's I/O error).
      // CS_FULL_DISK=file-size-limit forces the fallback where a mount would work.
      const mounted =
        process.env.CS_FULL_DISK !== 'file-size-limit' && process.getuid?.() === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]).status === 0;
      how = mounted ? 'tmpfs' : 'file size limit';
    });
    afterAll(() => {
      // Lazy: a server process still exiting may hold a file there for a moment.
      if (how === 'tmpfs') spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    });

    it('writes answer 503 insufficient_storage, never 500; /health says so; reads and acknowledged writes survive; it recovers', { timeout: 90_000 }, async () => {
      const dataDir = join(dir, 'data');
      mkdirSync(dataDir);
      // Room to free later, so recovery can be shown.
      const ballast = join(dir, 'ballast');
      if (how === 'tmpfs') writeFileSync(ballast, Buffer.alloc(1 * MiB));
      const shellPrefix = how === 'tmpfs' ? undefined : "trap '' XFSZ; ulimit -f 4096";
      let server: ServerProcess = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'info' }, dataDir, keepOutput: 50 * MiB, ...(shellPrefix ? { shellPrefix } : {}) });
      const admin = new HttpClient(server.baseUrl, ADMIN_KEY);
      const acknowledged: { key: string; value: string; version: number }[] = [];
      const statuses = new Map<number, number>();
      let full: Awaited<ReturnType<HttpClient['put']>> | undefined;
      try {
        for (let n = 0; n < 200 && !full; n++) {
          const value = `${n}-${'x'.repeat(60_000)}`;
          const result = await admin.put(`/api/v1/configs/big${n}?namespace=disk`, { value });
          statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
          if (result.status === 201) acknowledged.push({ key: `big${n}`, value, version: result.json.version });
          else full = result;
        }
        console.log(`[robustness] full disk (${how}): ${summary(statuses)} before the disk was full`);
        expect(full, 'the disk never filled').toBeDefined();
        expectProblem(full!, 503, 'unavailable');
        expect(full!.json.detail).toMatch(/^insufficient_storage/);
        const health = await admin.get('/health', { key: null });
        expect(health.json.checks.storage).toBe('down');
        expect(['degraded', 'unavailable']).toContain(health.json.status);
        // Reads go on.
        expect((await admin.get(`/api/v1/configs/big0?namespace=disk`)).json.value).toBe(acknowledged[0]!.value);
        // Small writes are refused the same way, never with a 500.
        for (let i = 0; i < 5; i++) expect([201, 503]).toContain((await admin.put(`/api/v1/configs/small${i}?namespace=disk`, { value: i })).status);
        expect(acknowledged.length).toBeGreaterThan(3);
        expect(server.output()).not.toMatch(/"statusCode":500/);

        if (how === 'tmpfs') {
          rmSync(ballast);
          await waitFor('a write to succeed once there is room', async () => (await admin.put('/api/v1/configs/after?namespace=disk', { value: 'room again' })).status === 201, 10_000);
        }
        await server.kill();
        server = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY }, dataDir, ...(shellPrefix ? { shellPrefix } : {}) });
        const reopened = new HttpClient(server.baseUrl, ADMIN_KEY);
        for (const write of acknowledged) {
          const read = await reopened.get(`/api/v1/configs/${write.key}?namespace=disk`);
          expect(read.status).toBe(200);
          expect(read.json.value).toBe(write.value);
        }
      } finally {
        await server.stop();
      }
    });

    it('start-up on a full disk says the disk is full, naming the data directory', async () => {
      const dataDir = join(dir, 'fresh');
      mkdirSync(dataDir);
      if (how === 'tmpfs') {
        // Fill what is left of the tmpfs.
        try {
          for (let i = 0; ; i++) writeFileSync(join(dir, `fill${i}`), Buffer.alloc(256 * 1024));
        } catch {
          // ENOSPC: full.
        }
      }
      const failure = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY }, dataDir, ...(how === 'tmpfs' ? {} : { shellPrefix: "trap '' XFSZ; ulimit -f 1" }) }).then(
        (server) => server.stop().then(() => 'started'),
        (error: Error) => error.message,
      );
      // It exits (rather than hang on) with the reason.
      expect(failure).toMatch(/^server exited with 1 before listening/);
      expect(failure).toContain('the disk is full or failing');
      expect(failure).toContain('CONFIG_SERVICE_DATA_DIR');
    });
  });
});

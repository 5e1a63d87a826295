import { statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';
import pg from 'pg';
import { HttpClient } from '../harness/http-client';
import { SERVER_ENTRY, startServerProcess } from '../harness/server-process';
import { createScratchDatabase } from '../harness/postgres-server';
import { expectProblem } from '../harness/problem-assertions';
import { waitFor } from '../harness/wait-for';

/* Start-up, the first admin key, replicas sharing a database, and losing the database. */

describe('first start', () => {
  it('generates the admin key into a 0600 file, says where on its first line, and keeps it on restart', async () => {
    const server = await startServerProcess();
    const path = join(server.dataDir, 'admin-key');
    expect(server.firstLine).toMatch(/^config-service listening on http:\/\/127\.0\.0\.1:\d+ \(sqlite at .*config\.db\)/);
    expect(server.firstLine).toContain(path);
    expect(server.firstLine).toMatch(/web console at http:\/\/127\.0\.0\.1:\d+\/console\/$/);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const key = readFileSync(path, 'utf8').trim();
    const admin = new HttpClient(server.baseUrl, key);
    expect((await admin.get('/api/v1/apikeys')).json.items).toHaveLength(1);
    expect(server.output()).not.toContain(key);
    await server.stop();

    const again = await startServerProcess({ dataDir: server.dataDir });
    expect(again.firstLine).toContain(path);
    const adminAgain = new HttpClient(again.baseUrl, key);
    const keys = await adminAgain.get('/api/v1/apikeys');
    expect(keys.status).toBe(200);
    expect(keys.json.items).toHaveLength(1);
    await again.stop();
  });

  it('uses CONFIG_SERVICE_ADMIN_KEY when it is set', async () => {
    const key = 'my-own-admin-key-1234567890';
    const server = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: key } });
    expect(server.firstLine).toContain('CONFIG_SERVICE_ADMIN_KEY');
    const created = await new HttpClient(server.baseUrl, key).put('/api/v1/configs/a', { value: 1 });
    expect(created.json.updated_by).toBe('admin');
    await server.stop();
  });

  it('refuses to start with an invalid variable, naming it', () => {
    const result = spawnSync(process.execPath, [SERVER_ENTRY], { env: { PATH: process.env.PATH, PORT: 'eighty' }, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
  });
});

const postgresUrl = inject('postgresUrl');

describe.skipIf(!postgresUrl)('replicas and outages on PostgreSQL', () => {
  it('starts three replicas at once on an empty database: one schema, one admin key', async () => {
    const databaseUrl = await createScratchDatabase(postgresUrl!);
    const key = 'replica-admin-key-1234567890';
    const servers = await Promise.all(
      [1, 2, 3].map(() => startServerProcess({ env: { DATABASE_URL: databaseUrl, CONFIG_SERVICE_ADMIN_KEY: key } })),
    );
    try {
      const clients = servers.map((s) => new HttpClient(s.baseUrl, key));
      expect((await clients[0]!.get('/api/v1/apikeys')).json.items).toHaveLength(1);
      const written = await clients[1]!.put('/api/v1/configs/shared?namespace=r', { value: 'from replica 2' });
      expect(written.status).toBe(201);
      // Every replica reads the same database: the write is visible through the others at once.
      for (const client of clients) expect((await client.get('/api/v1/configs/shared?namespace=r')).json.value).toBe('from replica 2');
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  });

  it('answers 503 when the database cannot be reached, and recovers without a restart', async () => {
    const databaseUrl = await createScratchDatabase(postgresUrl!);
    const name = new URL(databaseUrl).pathname.slice(1);
    const key = 'outage-admin-key-1234567890';
    const server = await startServerProcess({ env: { DATABASE_URL: databaseUrl, CONFIG_SERVICE_ADMIN_KEY: key } });
    const client = new HttpClient(server.baseUrl, key);
    const superuser = new pg.Client({ connectionString: postgresUrl! });
    await superuser.connect();
    try {
      expect((await client.put('/api/v1/configs/a', { value: 1 })).status).toBe(201);
      await superuser.query(`alter database ${name} allow_connections false`);
      await superuser.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1', [name]);

      const health = await waitFor('/health to say unavailable', async () => {
        const res = await client.get('/health', { key: null });
        return res.status === 503 ? res : undefined;
      });
      expect(health.json).toEqual({ status: 'unavailable', checks: { database: 'down', storage: 'ok' } });
      expect((await client.get('/health/live', { key: null })).status).toBe(200);
      const write = await client.put('/api/v1/configs/a', { value: 2 });
      expectProblem(write, 503, 'unavailable');
      // A key that has to be looked up (its prefix is a known key's) is not "unknown" while the
      // database is away: 503, not 401. One whose prefix no key has needs no lookup: 401.
      expectProblem(await client.get('/api/v1/namespaces', { key: `${key.slice(0, 6)}-some-other-key-000000` }), 503, 'unavailable');
      expectProblem(await client.get('/api/v1/namespaces', { key: 'csk_some-other-key-000000' }), 401, 'unauthorized');

      await superuser.query(`alter database ${name} allow_connections true`);
      await waitFor('/health to recover', async () => (await client.get('/health', { key: null })).status === 200);
      const after = await client.put('/api/v1/configs/a', { value: 3 });
      expect(after.status).toBe(200);
      expect(after.json.version).toBe(2);
    } finally {
      await superuser.end();
      await server.stop();
    }
  });
});

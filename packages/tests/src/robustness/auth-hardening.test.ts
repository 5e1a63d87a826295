import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jwt from 'jsonwebtoken';
import { HttpClient } from '../harness/http-client';
import { expectProblem } from '../harness/problem-assertions';
import { startPostgres, createScratchDatabase } from '../harness/postgres-server';
import { startServerProcess } from '../harness/server-process';
import { ADMIN_KEY, serverTargets, type RunningTarget } from '../harness/targets';
import { request } from 'node:http';

/* Key guessing is slow and cheap to refuse; tokens must expire; a listed prefix gives little away. */

const guess = () => `csk_${randomBytes(32).toString('base64url')}`;
const JWT_SECRET = 'robustness-jwt-secret-0123456789abcdef';
const SHORT_ADMIN_KEY = 'csk_0123456789ab';

describe.each(serverTargets().filter((target) => target.name === 'sqlite'))('failed authentication ($name)', (target) => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await target.start({ CONFIG_SERVICE_JWT_SECRET: JWT_SECRET, CONFIG_SERVICE_ADMIN_KEY: SHORT_ADMIN_KEY });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('shows at most a quarter of a key as its prefix', async () => {
    const admin = new HttpClient(running.baseUrl, SHORT_ADMIN_KEY);
    const created = await admin.post('/api/v1/apikeys', { name: 'generated', roles: ['reader'] });
    expect(created.status).toBe(201);
    const listed = (await admin.get('/api/v1/apikeys')).json.items as { name: string; prefix: string }[];
    const prefixOf = (name: string) => listed.find((item) => item.name === name)!.prefix;
    expect(SHORT_ADMIN_KEY.startsWith(prefixOf('admin'))).toBe(true);
    expect(prefixOf('admin').length).toBeLessThanOrEqual(SHORT_ADMIN_KEY.length / 4);
    expect(created.json.key.startsWith(prefixOf('generated'))).toBe(true);
    expect(prefixOf('generated').length).toBeLessThanOrEqual(created.json.key.length / 4);
    expect(prefixOf('generated').length).toBeGreaterThan(4);
  });

  it('refuses an access token without an expiry, even one signed with the secret', async () => {
    const admin = new HttpClient(running.baseUrl, SHORT_ADMIN_KEY);
    const keyId = ((await admin.get('/api/v1/apikeys')).json.items as { id: string; name: string }[]).find((item) => item.name === 'admin')!.id;
    const sign = (expiring: boolean) =>
      jwt.sign({ key_id: keyId }, JWT_SECRET, { algorithm: 'HS256', issuer: 'config-service', audience: 'config-service', subject: 'admin', ...(expiring ? { expiresIn: 60 } : {}) });
    const client = new HttpClient(running.baseUrl, null);
    // The same token with an expiry is accepted: what is refused is only the missing `exp`.
    expect((await client.get('/api/v1/namespaces', { headers: { authorization: `Bearer ${sign(true)}` } })).status).toBe(200);
    expectProblem(await client.get('/api/v1/namespaces', { headers: { authorization: `Bearer ${sign(false)}` } }), 401, 'unauthorized');
  });
});

describe.each(serverTargets().filter((target) => target.name === 'sqlite'))('failed-authentication limit ($name)', (target) => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await target.start();
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('limits failed authentications per address: wrong keys get 401 up to the limit, then 429 with Retry-After', async () => {
    const client = new HttpClient(running.baseUrl, null);
    const statuses: number[] = [];
    const started = performance.now();
    let firstRefusalAt = 0;
    for (let i = 0; i < 70; i++) {
      statuses.push((await client.get('/api/v1/namespaces', { key: guess() })).status);
      if (statuses.at(-1) === 429 && !firstRefusalAt) firstRefusalAt = performance.now();
    }
    const before429 = statuses.indexOf(429);
    const seconds = ((firstRefusalAt || performance.now()) - started) / 1000;
    console.log(`[robustness] failed authentications from one address: ${before429} answered 401 in ${seconds.toFixed(2)} s (${(before429 / seconds).toFixed(0)}/s, one at a time) before the first 429`);
    // The default: 60 failures per minute per address.
    expect(statuses).toEqual([...Array<number>(60).fill(401), ...Array<number>(10).fill(429)]);
    const limited = await client.get('/api/v1/namespaces', { key: guess() });
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // The token exchange and the watch upgrade share the limit.
    expectProblem(await client.post('/api/v1/auth/token', { api_key: guess() }), 429, 'rate_limited');
    const upgradeStatus = await new Promise<number>((resolve, reject) => {
      const upgrade = request(`${running.baseUrl}/ws/v1/configs/updates`, {
        headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64'), 'x-api-key': guess() },
      });
      upgrade.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      upgrade.on('upgrade', (_response, socket) => {
        socket.destroy();
        resolve(101);
      });
      upgrade.on('error', reject);
      upgrade.end();
    });
    expect(upgradeStatus).toBe(429);
  });
});

describe('refusing malformed and unknown keys costs no database lookup (PostgreSQL)', () => {
  it('answers 401, not 503, to such keys while the database is down', { timeout: 90_000 }, async () => {
    const postgres = await startPostgres();
    // The harness's admin key: its listed prefix is `csk_test`, so random guesses match no prefix.
    const server = await startServerProcess({ env: { DATABASE_URL: await createScratchDatabase(postgres.url), CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY } });
    try {
      const client = new HttpClient(server.baseUrl, null);
      // One unknown key while the database is up: the server learns which key prefixes exist.
      expectProblem(await client.get('/api/v1/namespaces', { key: guess() }), 401, 'unauthorized');
      expect((await client.get('/api/v1/namespaces', { key: ADMIN_KEY })).status).toBe(200);
      await postgres.stop();
      expect((await client.get('/health')).status).toBe(503);
      // Neither is looked up: refused on its shape, or on a prefix no key has.
      for (const key of ['short', 'x'.repeat(600), 'has spaces in it, so it is no key', guess(), guess()]) {
        const refused = await client.get('/api/v1/namespaces', { key });
        expect(refused.status, `${key.slice(0, 20)}: ${refused.text}`).toBe(401);
      }
      // A key that may exist is looked up, and the database is down: 503.
      expectProblem(await client.get('/api/v1/namespaces', { key: `${ADMIN_KEY.slice(0, 8)}${'z'.repeat(20)}` }), 503, 'unavailable');
    } finally {
      await server.stop();
      await postgres.stop();
    }
  });
});

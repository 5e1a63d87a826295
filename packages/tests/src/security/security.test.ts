import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import jwt from 'jsonwebtoken';
import { contractTargets, serverTargets, type RunningContractTarget, type RunningTarget } from '../harness/targets';
import { HttpClient } from '../harness/http-client';
import { expectProblem } from '../harness/problem-assertions';
import { dumpTables } from '../harness/raw-database';
import { waitFor } from '../harness/wait-for';

/*
 * The security promises of the contract, black-box over HTTP, each with a test that would fail
 * without it. The server gets a known JWT secret so the tests can mint tokens that are signed
 * correctly but wrong in one claim. Keys, tokens, roles and scopes hold on the MSW mock too;
 * what only a server has (signed tokens, encryption at rest, logs, security headers) is
 * skipped there by name, with the reason in the test's title.
 */

const MOCK_TOKENS = 'not on the mock: its tokens are unsigned and known by lookup (packages/msw/README.md)';

const JWT_SECRET = 'test-jwt-secret-0123456789abcdefghijklmnopqrstuvwxyz';
const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe.each(contractTargets())('security on $name', (target) => {
  const onMock = target.name === 'msw';
  let running: RunningContractTarget;
  let admin: HttpClient;
  /** Every credential or secret value handed out, to look for in logs and rows at the end. */
  const sensitive = new Set<string>();

  const withToken = (token: string) => ({ key: null, headers: { authorization: `Bearer ${token}` } });
  async function newKey(body: Record<string, unknown>): Promise<{ id: string; key: string }> {
    const res = await admin.post('/api/v1/apikeys', body);
    expect(res.status, res.text).toBe(201);
    sensitive.add(res.json.key);
    return { id: res.json.id, key: res.json.key };
  }
  async function tokenFor(key: string): Promise<string> {
    const res = await admin.post('/api/v1/auth/token', undefined, { key });
    expect(res.status, res.text).toBe(200);
    sensitive.add(res.json.access_token);
    return res.json.access_token;
  }

  beforeAll(async () => {
    if (!target.available) return;
    running = await target.start(onMock ? {} : { CONFIG_SERVICE_JWT_SECRET: JWT_SECRET, LOG_LEVEL: 'debug' });
    admin = new HttpClient(running.baseUrl, running.adminKey);
    sensitive.add(running.adminKey);
  });
  afterAll(async () => {
    await running?.stop();
  });

  describe.skipIf(!target.available)('access tokens', () => {
    it('issues a token for a key given in the header or the body, usable as Bearer on every route', async () => {
      const writer = await newKey({ name: 'token-writer', roles: ['writer'] });
      const fromHeader = await admin.post('/api/v1/auth/token', undefined, { key: writer.key });
      expect(fromHeader.status).toBe(200);
      expect(fromHeader.json).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
      expect(fromHeader.headers.get('cache-control')).toBe('no-store');
      const fromBody = await admin.post('/api/v1/auth/token', { api_key: writer.key }, { key: null });
      expect(fromBody.status).toBe(200);
      for (const token of [fromHeader.json.access_token, fromBody.json.access_token]) sensitive.add(token);

      const put = await admin.put('/api/v1/configs/a?namespace=tok', { value: 1 }, withToken(fromBody.json.access_token));
      expect(put.status).toBe(201);
      expect(put.json.updated_by).toBe('token-writer');
      expect((await admin.get('/api/v1/configs/namespace/tok', withToken(fromHeader.json.access_token))).status).toBe(200);
    });

    it.skipIf(onMock)(`signs tokens as HS256 JWTs for the key, with issuer, audience and lifetime (${MOCK_TOKENS})`, async () => {
      const writer = await newKey({ name: 'jwt-writer', roles: ['writer'] });
      const claims = jwt.verify(await tokenFor(writer.key), JWT_SECRET, { algorithms: ['HS256'] }) as jwt.JwtPayload;
      expect(claims).toMatchObject({ iss: 'config-service', aud: 'config-service', sub: 'jwt-writer', key_id: writer.id });
      expect(claims.exp! - claims.iat!).toBe(900);
    });

    it('refuses a token request with an unknown key or none: 401', async () => {
      expectProblem(await admin.post('/api/v1/auth/token', { api_key: 'csk_unknown' }, { key: null }), 401, 'unauthorized');
      expectProblem(await admin.post('/api/v1/auth/token', undefined, { key: null }), 401, 'unauthorized');
      expectProblem(await admin.post('/api/v1/auth/token', { api_key: 1 }, { key: null }), 400, 'validation_failed');
    });

    it.skipIf(onMock)(`refuses forged, expired, alg:none, algorithm-switched, wrong-audience and wrong-issuer tokens with 401 (${MOCK_TOKENS})`, async () => {
      const { id } = await newKey({ name: 'victim', roles: ['admin'] });
      const now = Math.floor(Date.now() / 1000);
      const good = { key_id: id, sub: 'victim', iss: 'config-service', aud: 'config-service', iat: now, exp: now + 600 };
      const tokens: Record<string, string> = {
        forged: jwt.sign(good, 'not-the-server-secret-0123456789abcdef', { algorithm: 'HS256' }),
        expired: jwt.sign({ ...good, iat: now - 3600, exp: now - 60 }, JWT_SECRET, { algorithm: 'HS256' }),
        wrongAudience: jwt.sign({ ...good, aud: 'someone-else' }, JWT_SECRET, { algorithm: 'HS256' }),
        wrongIssuer: jwt.sign({ ...good, iss: 'evil' }, JWT_SECRET, { algorithm: 'HS256' }),
        hs512: jwt.sign(good, JWT_SECRET, { algorithm: 'HS512' }),
        algNone: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(good)}.`,
        noKeyId: jwt.sign({ ...good, key_id: undefined }, JWT_SECRET, { algorithm: 'HS256' }),
        garbage: 'not.a.jwt',
      };
      // The same claims signed correctly are accepted: each refusal is about the one thing changed.
      const control = jwt.sign(good, JWT_SECRET, { algorithm: 'HS256' });
      expect((await admin.get('/api/v1/apikeys', withToken(control))).status).toBe(200);
      for (const [name, token] of Object.entries(tokens)) {
        const res = await admin.get('/api/v1/apikeys', withToken(token));
        expectProblem(res, 401, 'unauthorized');
        expect(res.headers.get('www-authenticate'), name).toMatch(/Bearer/);
      }
    });

    it('refuses a deleted key and every token made from it, at once on this replica', async () => {
      const key = await newKey({ name: 'to-delete', roles: ['reader'] });
      const token = await tokenFor(key.key);
      expect((await admin.get('/api/v1/namespaces', { key: key.key })).status).toBe(200);
      expect((await admin.get('/api/v1/namespaces', withToken(token))).status).toBe(200);
      expect((await admin.delete(`/api/v1/apikeys/${key.id}`)).status).toBe(204);
      expectProblem(await admin.get('/api/v1/namespaces', { key: key.key }), 401, 'unauthorized');
      expectProblem(await admin.get('/api/v1/namespaces', withToken(token)), 401, 'unauthorized');
      expectProblem(await admin.post('/api/v1/auth/token', undefined, { key: key.key }), 401, 'unauthorized');
    });
  });

  describe.skipIf(!target.available)('roles and namespace scope', () => {
    it('refuses a reader that writes, with a key or its token: 403', async () => {
      const reader = await newKey({ name: 'sec-reader', roles: ['reader'] });
      const token = await tokenFor(reader.key);
      expectProblem(await admin.put('/api/v1/configs/x?namespace=sec', { value: 1 }, { key: reader.key }), 403, 'forbidden');
      expectProblem(await admin.put('/api/v1/configs/x?namespace=sec', { value: 1 }, withToken(token)), 403, 'forbidden');
      expectProblem(await admin.get('/api/v1/audit', withToken(token)), 403, 'forbidden');
    });

    it('checks the role before reading the body: a reader gets 403 however unreadable the body is', async () => {
      const reader = await newKey({ name: 'sec-body-reader', roles: ['reader'] });
      const unreadable = { key: reader.key, body: '{"value":', headers: { 'content-type': 'text/plain' } };
      for (const [method, path] of [
        ['PUT', '/api/v1/configs/x?namespace=sec'],
        ['POST', '/api/v1/configs/x/rollback?namespace=sec'],
        ['POST', '/api/v1/configs'],
        ['PUT', '/api/v1/configs/x/schema?namespace=sec'],
        ['POST', '/api/v1/apikeys'],
      ] as const) {
        const refused = await admin.request(method, path, unreadable);
        expect(refused.status, `${method} ${path}: ${refused.text}`).toBe(403);
        expectProblem(refused, 403, 'forbidden');
      }
    });

    it('refuses a scoped key outside its namespaces on every route, tokens included', async () => {
      await admin.put('/api/v1/configs/x?namespace=outside', { value: 1 });
      const scoped = await newKey({ name: 'sec-scoped', roles: ['writer'], namespaces: ['inside'] });
      const token = await tokenFor(scoped.key);
      for (const options of [{ key: scoped.key }, withToken(token)]) {
        expect((await admin.put('/api/v1/configs/x?namespace=inside', { value: 1 }, options)).status).toBeLessThan(300);
        expectProblem(await admin.get('/api/v1/configs/x?namespace=outside', options), 403, 'forbidden');
        expectProblem(await admin.put('/api/v1/configs/x?namespace=outside', { value: 2 }, options), 403, 'forbidden');
        expectProblem(await admin.delete('/api/v1/configs/x?namespace=outside', options), 403, 'forbidden');
        expectProblem(await admin.get('/api/v1/configs/namespace/outside', options), 403, 'forbidden');
        expectProblem(await admin.get('/api/v1/configs/x/history?namespace=outside', options), 403, 'forbidden');
        expectProblem(await admin.post('/api/v1/configs/x/rollback?namespace=outside', { version: 1 }, options), 403, 'forbidden');
        const names = (await admin.get('/api/v1/namespaces', options)).json.items.map((i: { name: string }) => i.name);
        expect(names).toEqual(['inside']);
      }
      expect((await admin.get('/api/v1/configs/x?namespace=outside')).json.value).toBe(1);
    });
  });

  describe.skipIf(!target.available)('values are data', () => {
    it('round-trips __proto__ and constructor keys in values and metadata as plain data', async () => {
      const body = '{"value":{"__proto__":{"isAdmin":true},"constructor":{"prototype":{"x":1}},"a":[{"__proto__":null}]},"metadata":{"__proto__":{"polluted":"yes"},"constructor":"c"}}';
      const put = await admin.put('/api/v1/configs/proto?namespace=sec', body);
      expect(put.status, put.text).toBe(201);
      const read = await admin.get('/api/v1/configs/proto?namespace=sec');
      // JSON.parse defines "__proto__" as an own member, so it can be compared as data.
      const { value, metadata } = JSON.parse(read.text);
      expect(Object.keys(value).sort()).toEqual(['__proto__', 'a', 'constructor']);
      expect(Object.getOwnPropertyDescriptor(value, '__proto__')?.value).toEqual({ isAdmin: true });
      expect(value.constructor).toEqual({ prototype: { x: 1 } });
      expect(Object.getOwnPropertyDescriptor(value.a[0], '__proto__')?.value).toBeNull();
      expect(Object.keys(metadata).sort()).toEqual(['__proto__', 'constructor']);
      expect(Object.getOwnPropertyDescriptor(metadata, '__proto__')?.value).toEqual({ polluted: 'yes' });
      expect(metadata.constructor).toBe('c');
      // The server did not pollute its own prototypes: an ordinary entry has no stray members.
      const other = await admin.put('/api/v1/configs/plain?namespace=sec', { value: {} });
      expect(other.json.value).toEqual({});
      expect(other.json.metadata).toBeNull();
    });
  });

  describe.skipIf(!target.available)('secrets', () => {
    it('gives readers secret values in clear in reads, listings, history and rollback, and keeps them out of the audit log', async () => {
      const first = `first-secret-${randomBytes(8).toString('hex')}`;
      const second = `second-secret-${randomBytes(8).toString('hex')}`;
      sensitive.add(first);
      sensitive.add(second);
      expect((await admin.put('/api/v1/configs/db.password?namespace=vault', { value: first, secret: true })).status).toBe(201);
      const updated = await admin.put('/api/v1/configs/db.password?namespace=vault', { value: { nested: second }, secret: true });
      expect(updated.json).toMatchObject({ value: { nested: second }, secret: true, version: 2 });
      const rolled = await admin.post('/api/v1/configs/db.password/rollback?namespace=vault', { version: 1 });
      expect(rolled.json.value).toBe(first);
      expect((await admin.get('/api/v1/configs/db.password?namespace=vault')).json.value).toBe(first);
      expect((await admin.get('/api/v1/configs/namespace/vault')).json.items[0].value).toBe(first);
      const history = await admin.get('/api/v1/configs/db.password/history?namespace=vault');
      expect(history.json.items.map((i: { value: unknown }) => i.value)).toEqual([first, { nested: second }, first]);
      // Same value again is still a no-op, though each sealing uses a fresh nonce.
      expect((await admin.put('/api/v1/configs/db.password?namespace=vault', { value: first, secret: true })).json.version).toBe(3);
      const audit = await admin.get('/api/v1/audit?entity_id=vault/db.password');
      expect(audit.json.items).toHaveLength(3);
      expect(audit.text).not.toContain(first);
      expect(audit.text).not.toContain(second);
    });

    it.skipIf(onMock)('stores secret values encrypted in entries, history and audit rows (not on the mock: it keeps everything in memory, unencrypted)', async () => {
      const value = `at-rest-secret-${randomBytes(8).toString('hex')}`;
      sensitive.add(value);
      expect((await admin.put('/api/v1/configs/api.token?namespace=vault-rest', { value, secret: true })).status).toBe(201);
      expect((await admin.put('/api/v1/configs/api.token?namespace=vault-rest', { value: { nested: value }, secret: true })).status).toBe(200);
      const server = (running as RunningTarget).server;
      const rows = await dumpTables({ databaseUrl: (running as RunningTarget).databaseUrl, dataDir: server.dataDir }, ['configurations', 'configuration_history', 'audit_logs']);
      expect(rows).toContain('aes-256-gcm');
      expect(rows).toContain('api.token');
      expect(rows).not.toContain(value);
    });
  });

  describe.skipIf(!target.available)('audit log', () => {
    it('records every change and admin action with who, what and the request id; filters and pages', async () => {
      const ns = `audit-${Date.now()}`;
      const writer = await newKey({ name: 'auditor-writer', roles: ['writer'] });
      const put = await admin.put(`/api/v1/configs/k?namespace=${ns}`, { value: 1 }, { key: writer.key, headers: { 'x-request-id': 'req-audit-1' } });
      expect(put.status).toBe(201);
      await admin.put(`/api/v1/configs/k?namespace=${ns}`, { value: 1 }, { key: writer.key }); // no-op: no row
      expectProblem(await admin.put(`/api/v1/configs/k?namespace=${ns}`, { value: 2 }, { key: writer.key, headers: { 'if-match': '"9"' } }), 412);
      await admin.put(`/api/v1/configs/k?namespace=${ns}`, { value: 2 }, { key: writer.key });
      await admin.post(`/api/v1/configs/k/rollback?namespace=${ns}`, { version: 1 }, { key: writer.key });
      await admin.delete(`/api/v1/configs/k?namespace=${ns}`, { key: writer.key });

      const rows = await admin.get(`/api/v1/audit?entity_type=config&entity_id=${ns}/k`);
      expect(rows.status).toBe(200);
      expect(rows.json.items.map((i: { action: string }) => i.action)).toEqual(['deleted', 'rolled_back', 'updated', 'created']);
      const created = rows.json.items[3];
      expect(created).toMatchObject({ entity_type: 'config', entity_id: `${ns}/k`, user_id: 'auditor-writer', request_id: 'req-audit-1' });
      expect(created.changes).toMatchObject({ version: 1, value: 1 });
      expect(typeof created.id).toBe('number');
      expect(Date.parse(created.created_at)).not.toBeNaN();

      const page1 = await admin.get(`/api/v1/audit?entity_id=${ns}/k&limit=3`);
      const page2 = await admin.get(`/api/v1/audit?entity_id=${ns}/k&limit=3&cursor=${page1.json.next_cursor}`);
      expect([...page1.json.items, ...page2.json.items].map((i: { id: number }) => i.id)).toEqual(rows.json.items.map((i: { id: number }) => i.id));
      expect((await admin.get(`/api/v1/audit?user_id=auditor-writer&action=rolled_back`)).json.items).toHaveLength(1);
      expect((await admin.get(`/api/v1/audit?entity_type=apikey&entity_id=${writer.id}&action=created`)).json.items).toHaveLength(1);
      expect((await admin.get(`/api/v1/audit?entity_id=${ns}/k&since=${new Date(Date.now() + 60_000).toISOString()}`)).json.items).toHaveLength(0);
      const token = await tokenFor(writer.key);
      expect((await admin.get(`/api/v1/audit?entity_type=apikey&entity_id=${writer.id}&action=token_issued`)).json.items).toHaveLength(1);
      expectProblem(await admin.get('/api/v1/audit', withToken(token)), 403, 'forbidden');
      expectProblem(await admin.get('/api/v1/audit?entity_type=nope'), 400, 'validation_failed');
      expectProblem(await admin.get('/api/v1/audit?cursor=zzz'), 400, 'validation_failed');
      expectProblem(await admin.get('/api/v1/audit?since=yesterday'), 400, 'validation_failed');
    });

    it('shows when a key was last used without writing per request', async () => {
      const key = await newKey({ name: 'used-key', roles: ['reader'] });
      const before = (await admin.get('/api/v1/apikeys')).json.items.find((k: { id: string }) => k.id === key.id);
      expect(before.last_used_at).toBeNull();
      await admin.get('/api/v1/namespaces', { key: key.key });
      const after = (await admin.get('/api/v1/apikeys')).json.items.find((k: { id: string }) => k.id === key.id);
      expect(Date.parse(after.last_used_at)).toBeGreaterThan(Date.now() - 60_000);
    });
  });

  describe.skipIf(!target.available)('hardening', () => {
    it.skipIf(onMock)('sends security headers and a request id on every response (not on the mock: it sends no security headers, packages/msw/README.md)', async () => {
      for (const res of [await admin.get('/api/v1/namespaces'), await admin.get('/api/v1/nothing'), await admin.get('/health', { key: null })]) {
        expect(res.headers.get('x-content-type-options')).toBe('nosniff');
        expect(res.headers.get('x-frame-options')).toBeTruthy();
        expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
        expect(res.headers.get('x-request-id')).toBeTruthy();
        expect(res.headers.get('x-powered-by')).toBeNull();
      }
    });

    it.skipIf(onMock)('keeps keys, tokens, secret values and access_token query strings out of the logs (not on the mock: it writes no logs)', async () => {
      const token = await tokenFor(running.adminKey);
      await admin.get(`/api/v1/namespaces?access_token=${token}`);
      await admin.get('/api/v1/configs/x?namespace=sec', { key: 'csk_wrong-key-in-a-log-test' });
      sensitive.add('csk_wrong-key-in-a-log-test');
      // Both requests' log lines are written (the last one's too) before the logs are searched.
      await waitFor('both requests in the log', async () => running.server!.output().includes('"path":"/api/v1/configs/x"'), 10_000, 20);
      const logs = running.server!.output();
      expect(logs).toContain('"operation":"namespace.list"');
      expect(logs.length).toBeGreaterThan(1000);
      for (const value of sensitive) expect(logs.includes(value), `a sensitive value reached the logs: ${value.slice(0, 12)}…`).toBe(false);
    });
  });
});

describe.each(serverTargets().filter((t) => t.name === 'sqlite'))('limits and CORS ($name)', (target) => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await target.start({
      CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: '8',
      CONFIG_SERVICE_TOKEN_FAILURES_PER_MINUTE: '3',
      CONFIG_SERVICE_CORS_ORIGINS: 'http://app.example',
    });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('limits requests per credential with 429, Retry-After and a problem body', async () => {
    const admin = new HttpClient(running.baseUrl, running.adminKey);
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await admin.get('/api/v1/namespaces')).status);
    // The admin key is fresh here (first use of it on this server): exactly 8 pass, then 429s.
    expect(statuses).toEqual([...Array<number>(8).fill(200), 429, 429]);
    const limited = await admin.get('/api/v1/namespaces');
    expectProblem(limited, 429, 'rate_limited');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another credential has its own budget.
    expect((await admin.get('/api/v1/namespaces', { key: 'csk_other' })).status).toBe(401);
  });

  it('slows key guessing on /auth/token: failed attempts are limited per address', async () => {
    const client = new HttpClient(running.baseUrl, null);
    for (let i = 0; i < 3; i++) expectProblem(await client.post('/api/v1/auth/token', { api_key: `csk_guess-${i}` }), 401, 'unauthorized');
    const limited = await client.post('/api/v1/auth/token', { api_key: 'csk_guess-4' });
    expectProblem(limited, 429, 'rate_limited');
    expect(limited.headers.get('retry-after')).toBeTruthy();
  });

  it('answers CORS preflights for configured origins only', async () => {
    const allowed = await fetch(`${running.baseUrl}/api/v1/configs/a`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.example', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'authorization,if-match,content-type' },
    });
    expect(allowed.status).toBeLessThan(300);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://app.example');
    expect(allowed.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('if-match');
    const other = await fetch(`${running.baseUrl}/health`, { headers: { origin: 'http://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await fetch(`${running.baseUrl}/health`, { headers: { origin: 'http://app.example' } });
    expect(simple.headers.get('access-control-expose-headers')).toContain('ETag');
  });
});

import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { openWatch } from '../harness/watch-client';

/*
 * The request log (contract v1.1 "Logs"): one JSON line per request at info with operation,
 * namespace, key, user_id, duration_ms, cache_hit (entry reads), status, request_id, and error
 * when it failed; and, in a run that used keys, tokens and secret values, none of them.
 */

const ADMIN_KEY = `csk_log-admin-${randomBytes(12).toString('hex')}`;
const JWT_SECRET = `log-test-jwt-secret-${randomBytes(16).toString('hex')}`;

interface LogLine {
  msg: string;
  level: number;
  operation?: string;
  namespace?: string;
  key?: string;
  user_id?: string;
  duration_ms?: number;
  cache_hit?: boolean;
  status?: number;
  request_id?: string;
  error?: string;
  [field: string]: unknown;
}

describe('request log', () => {
  let server: ServerProcess;
  let admin: HttpClient;
  const sensitive = new Set<string>([ADMIN_KEY, JWT_SECRET]);
  const lines = (): LogLine[] =>
    server
      .output()
      .split('\n')
      .filter((text) => text.startsWith('{'))
      .map((text) => JSON.parse(text) as LogLine);
  const byRequest = (id: string) => {
    const found = lines().filter((line) => line.request_id === id && line.msg === 'request');
    expect(found, `one line for ${id}`).toHaveLength(1);
    return found[0]!;
  };
  const traced = (id: string) => ({ headers: { 'x-request-id': id } });

  beforeAll(async () => {
    server = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, CONFIG_SERVICE_JWT_SECRET: JWT_SECRET, LOG_LEVEL: 'info' } });
    admin = new HttpClient(server.baseUrl, ADMIN_KEY);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('writes one line per request with the contract fields, and no credential or secret value anywhere', async () => {
    const secretValue = `s3cret-${randomBytes(12).toString('hex')}`;
    sensitive.add(secretValue);
    const created = await admin.put('/api/v1/configs/db.password?namespace=payments', { value: secretValue, secret: true }, traced('put-1'));
    expect(created.status).toBe(201);
    expect((await admin.get('/api/v1/configs/db.password?namespace=payments', traced('get-1'))).json.value).toBe(secretValue);
    expect((await admin.get('/api/v1/configs/db.password?namespace=payments', traced('get-2'))).status).toBe(200);
    expect((await admin.put('/api/v1/configs/db.password?namespace=payments', { value: 'x' }, { headers: { 'x-request-id': 'put-412', 'if-match': '"7"' } })).status).toBe(412);
    expect((await admin.get('/api/v1/configs/absent?namespace=payments', traced('get-404'))).status).toBe(404);

    const key = await admin.post('/api/v1/apikeys', { name: 'log-reader', roles: ['reader'] }, traced('key-1'));
    expect(key.status).toBe(201);
    sensitive.add(key.json.key);
    const token = await admin.post('/api/v1/auth/token', undefined, { key: key.json.key, headers: { 'x-request-id': 'token-1' } });
    expect(token.status).toBe(200);
    sensitive.add(token.json.access_token);
    const asReader = { key: null, headers: { authorization: `Bearer ${token.json.access_token}`, 'x-request-id': 'get-token' } };
    expect((await admin.get('/api/v1/configs/db.password?namespace=payments', asReader)).status).toBe(200);
    expect((await admin.get(`/api/v1/namespaces?access_token=${token.json.access_token}`, { key: null, headers: { 'x-request-id': 'list-query-token' } })).status).toBe(401);
    expect((await admin.get('/api/v1/namespaces', { key: 'csk_not-a-real-key-in-a-log-test', headers: { 'x-request-id': 'bad-key' } })).status).toBe(401);
    sensitive.add('csk_not-a-real-key-in-a-log-test');
    const ofrepBody = JSON.stringify({ context: { namespace: 'payments' } });
    const ofrep = (path: string, id: string) => admin.request('POST', path, { body: ofrepBody, headers: { 'content-type': 'application/json', 'x-request-id': id } });
    expect((await ofrep('/ofrep/v1/evaluate/flags/db.password', 'ofrep-1')).json.value).toBe(secretValue);
    expect((await ofrep('/ofrep/v1/evaluate/flags', 'ofrep-all')).status).toBe(200);
    const watch = openWatch(server.baseUrl, { accessToken: token.json.access_token, namespaces: ['payments'] });
    await watch.ready();
    watch.close();
    await new Promise((done) => setTimeout(done, 300));

    const put = byRequest('put-1');
    expect(put).toMatchObject({ level: 30, operation: 'config.put', namespace: 'payments', key: 'db.password', user_id: 'admin', status: 201 });
    expect(put.duration_ms).toBeGreaterThan(0);
    expect(put).not.toHaveProperty('cache_hit');
    expect(put).not.toHaveProperty('error');
    expect(byRequest('get-1')).toMatchObject({ operation: 'config.get', namespace: 'payments', key: 'db.password', user_id: 'admin', status: 200, cache_hit: expect.any(Boolean) });
    // The write filled the cache, or the first read did: the second read is a hit.
    expect(byRequest('get-2')).toMatchObject({ operation: 'config.get', cache_hit: true, status: 200 });
    expect(byRequest('put-412')).toMatchObject({ operation: 'config.put', status: 412, error: expect.stringMatching(/^version_conflict: /) });
    expect(byRequest('get-404')).toMatchObject({ operation: 'config.get', key: 'absent', status: 404, error: expect.stringMatching(/^not_found: /) });
    expect(byRequest('key-1')).toMatchObject({ operation: 'apikey.create', user_id: 'admin', status: 201 });
    expect(byRequest('key-1')).not.toHaveProperty('key');
    expect(byRequest('token-1')).toMatchObject({ operation: 'auth.token', status: 200 });
    expect(byRequest('get-token')).toMatchObject({ operation: 'config.get', user_id: 'log-reader', status: 200 });
    expect(byRequest('list-query-token')).toMatchObject({ operation: 'namespace.list', status: 401, error: expect.stringMatching(/^unauthorized: /) });
    expect(byRequest('bad-key')).toMatchObject({ operation: 'namespace.list', status: 401 });

    expect(byRequest('ofrep-1')).toMatchObject({ operation: 'ofrep.evaluate', namespace: 'payments', key: 'db.password', user_id: 'admin', status: 200 });
    expect(byRequest('ofrep-all')).toMatchObject({ operation: 'ofrep.evaluate_all', namespace: 'payments', status: 200 });

    const logs = server.output();
    expect(logs.length).toBeGreaterThan(2000);
    for (const value of sensitive) expect(logs.includes(value), `a sensitive value reached the logs: ${value.slice(0, 12)}…`).toBe(false);
    expect(logs).not.toContain('access_token');
  });
});

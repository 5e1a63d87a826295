import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpResult, type RequestOptions } from '../harness/http-client';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { waitFor } from '../harness/wait-for';
import { metricSample } from '../harness/metric-sample';
import { PARITY_ORIGIN, PARITY_SERVER_ENV, VARYING_HEADERS, comparableAnswer } from '../harness/parity';
import { ADMIN_KEY } from '../harness/targets';

/*
 * The server answers `PUT` and `DELETE` of `/api/v1/configs/{key}` without Express
 * (fast-config-write.ts) and every other spelling of them through Express. Express matches a
 * trailing slash too, so `/configs/{key}/` takes the Express route. A write changes what it
 * writes to, so each case runs twice on two keys brought to the same state: once on the fast
 * path, once through Express, and the answers must be the same but for the key's own name,
 * its clock and its revision.
 */

/**
 * What may differ between two answers: ids, clocks, the rate-limit count, and what follows from
 * the key written (its location, and the body's length: the bodies are compared themselves).
 */
const VARYING = [...VARYING_HEADERS, 'location', 'content-length'];

function comparable(result: HttpResult, key: string) {
  return comparableAnswer(result, VARYING, (json) => ({
    ...json,
    ...(json.key === key ? { key: '(key)' } : {}),
    ...(typeof json.detail === 'string' ? { detail: json.detail.replaceAll(key, '(key)') } : {}),
    ...('request_id' in json ? { request_id: '(id)' } : {}),
    ...('revision' in json ? { revision: '(revision)' } : {}),
    ...('created_at' in json ? { created_at: '(time)', updated_at: '(time)' } : {}),
  }));
}

interface Case {
  name: string;
  method: 'PUT' | 'DELETE';
  /** Brings the key to the state the request meets. */
  prepare?: (key: string) => Promise<void>;
  query?: string;
  options: () => RequestOptions;
  status: number;
}

describe('the fast entry writes answer exactly as the Express routes do', () => {
  let server: ServerProcess;
  let admin: HttpClient;
  let readerKey: string;
  let scopedKey: string;

  beforeAll(async () => {
    server = await startServerProcess({ env: PARITY_SERVER_ENV });
    admin = new HttpClient(server.baseUrl, ADMIN_KEY);
    const reader = await admin.post('/api/v1/apikeys', { name: 'reader', roles: ['reader'] });
    const scoped = await admin.post('/api/v1/apikeys', { name: 'scoped', roles: ['writer'], namespaces: ['billing'] });
    expect([reader.status, scoped.status]).toEqual([201, 201]);
    readerKey = reader.json.key;
    scopedKey = scoped.json.key;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const existing = async (key: string) => {
    expect((await admin.put(`/api/v1/configs/${key}?namespace=payments`, { value: { limit: 10 }, metadata: { owner: 'p' } })).status).toBe(201);
  };
  const deleted = async (key: string) => {
    await existing(key);
    expect((await admin.delete(`/api/v1/configs/${key}?namespace=payments`)).status).toBe(204);
  };
  const put = (body: unknown, extra: RequestOptions = {}) => () => ({ body, ...extra });

  const cases: Case[] = [
    { name: 'a PUT that creates', method: 'PUT', options: put({ value: 12345678901234567890, metadata: { owner: 'p' } }), status: 201 },
    { name: 'a PUT that updates', method: 'PUT', prepare: existing, options: put({ value: { limit: 11 } }), status: 200 },
    { name: 'a PUT that changes nothing', method: 'PUT', prepare: existing, options: put({ value: { limit: 10 } }), status: 200 },
    { name: 'a PUT of a secret', method: 'PUT', options: put({ value: 's3cr3t', secret: true }), status: 201 },
    { name: 'a PUT over a deleted key', method: 'PUT', prepare: deleted, options: put({ value: 1 }), status: 201 },
    { name: 'If-Match naming the version', method: 'PUT', prepare: existing, options: put({ value: 2 }, { headers: { 'if-match': '"1"' } }), status: 200 },
    { name: 'If-Match naming another version', method: 'PUT', prepare: existing, options: put({ value: 2 }, { headers: { 'if-match': '"7"' } }), status: 412 },
    { name: 'If-None-Match * on a live key', method: 'PUT', prepare: existing, options: put({ value: 2 }, { headers: { 'if-none-match': '*' } }), status: 412 },
    { name: 'a CORS write from an allowed origin', method: 'PUT', options: put({ value: 3 }, { headers: { origin: PARITY_ORIGIN } }), status: 201 },
    { name: 'a body that is not JSON', method: 'PUT', options: put('{"value":', { headers: { 'content-type': 'application/json' } }), status: 400 },
    { name: 'a body of another content type', method: 'PUT', options: put('value=1', { headers: { 'content-type': 'text/plain' } }), status: 415 },
    { name: 'a body without value', method: 'PUT', options: put({ metadata: {} }), status: 400 },
    { name: 'an invalid namespace', method: 'PUT', query: 'namespace=no%20spaces', options: put({ value: 1 }), status: 400 },
    { name: 'no credential', method: 'PUT', options: put({ value: 1 }, { key: null }), status: 401 },
    { name: 'a reader', method: 'PUT', options: () => ({ body: { value: 1 }, key: readerKey }), status: 403 },
    { name: 'a writer scoped to another namespace', method: 'PUT', options: () => ({ body: { value: 1 }, key: scopedKey }), status: 403 },
    { name: 'the request id given by the caller', method: 'PUT', options: put({ value: 4 }, { headers: { 'x-request-id': 'trace-42' } }), status: 201 },
    { name: 'a DELETE', method: 'DELETE', prepare: existing, options: () => ({}), status: 204 },
    { name: 'a DELETE of a missing key', method: 'DELETE', options: () => ({}), status: 404 },
    { name: 'a DELETE with If-Match naming another version', method: 'DELETE', prepare: existing, options: () => ({ headers: { 'if-match': '"3"' } }), status: 412 },
    { name: 'a DELETE by a reader', method: 'DELETE', prepare: existing, options: () => ({ key: readerKey }), status: 403 },
  ];

  it.each(cases.map((testCase, index) => ({ ...testCase, index })))('$name', async ({ method, prepare, query, options, status, index }) => {
    const fastKey = `case-${index}-fast`;
    const expressKey = `case-${index}-express`;
    await prepare?.(fastKey);
    await prepare?.(expressKey);
    const search = `?${query ?? 'namespace=payments'}`;
    const fast = await admin.request(method, `/api/v1/configs/${fastKey}${search}`, options());
    const viaExpress = await admin.request(method, `/api/v1/configs/${expressKey}/${search}`, options());
    expect(fast.status, fast.text).toBe(status);
    expect(comparable(fast, fastKey)).toEqual(comparable(viaExpress, expressKey));
    expect(fast.headers.get('x-request-id')).toBeTruthy();
    expect(fast.headers.get('ratelimit')).toMatch(/^limit=\d+, remaining=\d+, reset=\d+$/);
    if (options().headers?.['x-request-id']) expect(fast.headers.get('x-request-id')).toBe('trace-42');
  });

  it('counts fast writes in the request metrics and the access log', async () => {
    const count = (text: string) => metricSample(text, 'config_requests_total{method="PUT",status="201"}') ?? 0;
    const before = await admin.get('/metrics');
    expect((await admin.put('/api/v1/configs/logged?namespace=payments', { value: 1 }, { headers: { 'x-request-id': 'logged-fast-write' } })).status).toBe(201);
    const after = await admin.get('/metrics');
    expect(count(after.text) - count(before.text)).toBe(1);
    const line = await waitFor("the fast write's access-log line", async () =>
      server
        .output()
        .split('\n')
        .find((text) => text.includes('"request_id":"logged-fast-write"')),
    );
    expect(JSON.parse(line)).toMatchObject({ operation: 'config.put', namespace: 'payments', key: 'logged', status: 201, user_id: 'admin' });
  });
});

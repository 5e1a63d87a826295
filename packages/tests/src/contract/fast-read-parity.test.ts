import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient, type HttpResult } from '../harness/http-client';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { waitFor } from '../harness/wait-for';
import { metricSample } from '../harness/metric-sample';
import { PARITY_ORIGIN, PARITY_SERVER_ENV, VARYING_HEADERS, comparableAnswer } from '../harness/parity';
import { ADMIN_KEY } from '../harness/targets';

/*
 * The server answers `GET /api/v1/configs/{key}` without Express (fast-config-read.ts) and
 * every other spelling of it through Express. Express matches paths with a trailing slash too,
 * so `/configs/{key}/` takes the Express route: each pair below must get the same answer.
 */

function comparable(result: HttpResult) {
  return comparableAnswer(result, VARYING_HEADERS, (json) => ({ ...json, request_id: json.request_id ? '(id)' : undefined }));
}

describe('the fast entry read answers exactly as the Express route does', () => {
  let server: ServerProcess;
  let admin: HttpClient;
  let scopedKey: string;

  beforeAll(async () => {
    server = await startServerProcess({ env: PARITY_SERVER_ENV });
    admin = new HttpClient(server.baseUrl, ADMIN_KEY);
    expect((await admin.put('/api/v1/configs/feature.flag?namespace=payments', { value: 12345678901234567890, metadata: { owner: 'p' } })).status).toBe(201);
    expect((await admin.put('/api/v1/configs/sealed?namespace=payments', { value: 's3cr3t', secret: true })).status).toBe(201);
    const scoped = await admin.post('/api/v1/apikeys', { name: 'scoped', roles: ['reader'], namespaces: ['billing'] });
    expect(scoped.status).toBe(201);
    scopedKey = scoped.json.key;
  });

  afterAll(async () => {
    await server?.stop();
  });

  const cases: { name: string; path: string; options?: () => Parameters<HttpClient['get']>[1]; method?: string; status: number }[] = [
    { name: 'an entry', path: 'feature.flag?namespace=payments', status: 200 },
    { name: 'a secret, opened for a reader', path: 'sealed?namespace=payments', status: 200 },
    { name: 'a CORS read from an allowed origin', path: 'feature.flag?namespace=payments', options: () => ({ headers: { origin: PARITY_ORIGIN } }), status: 200 },
    { name: 'a read from another origin', path: 'feature.flag?namespace=payments', options: () => ({ headers: { origin: 'http://elsewhere.example' } }), status: 200 },
    { name: 'If-None-Match naming the version', path: 'feature.flag?namespace=payments', options: () => ({ headers: { 'if-none-match': '"1"' } }), status: 304 },
    { name: 'If-None-Match naming another version', path: 'feature.flag?namespace=payments', options: () => ({ headers: { 'if-none-match': '"7"' } }), status: 200 },
    { name: 'HEAD', path: 'feature.flag?namespace=payments', method: 'HEAD', status: 200 },
    { name: 'the default namespace', path: 'feature.flag', status: 404 },
    { name: 'a missing key', path: 'missing?namespace=payments', status: 404 },
    { name: 'an invalid namespace', path: 'feature.flag?namespace=no%20spaces', status: 400 },
    { name: 'a repeated namespace', path: 'feature.flag?namespace=a&namespace=b', status: 400 },
    { name: 'the reserved key', path: 'namespace', status: 400 },
    { name: 'a key that is not a name', path: '%E2%9C%93', status: 400 },
    { name: 'no credential', path: 'feature.flag?namespace=payments', options: () => ({ key: null }), status: 401 },
    { name: 'a wrong key', path: 'feature.flag?namespace=payments', options: () => ({ key: 'csk_nope' }), status: 401 },
    { name: 'a garbage bearer token', path: 'feature.flag?namespace=payments', options: () => ({ key: null, headers: { authorization: 'Bearer x.y.z' } }), status: 401 },
    { name: 'a key scoped to another namespace', path: 'feature.flag?namespace=payments', options: () => ({ key: scopedKey }), status: 403 },
    { name: 'the request id given by the caller', path: 'feature.flag?namespace=payments', options: () => ({ headers: { 'x-request-id': 'trace-42' } }), status: 200 },
  ];

  it.each(cases)('$name', async ({ path, options, method, status }) => {
    const [key, query = ''] = path.split('?');
    const fast = await admin.request(method ?? 'GET', `/api/v1/configs/${key}${query ? `?${query}` : ''}`, options?.());
    const viaExpress = await admin.request(method ?? 'GET', `/api/v1/configs/${key}/${query ? `?${query}` : ''}`, options?.());
    expect(fast.status).toBe(status);
    expect(comparable(fast)).toEqual(comparable(viaExpress));
    expect(fast.headers.get('x-request-id')).toBeTruthy();
    expect(fast.headers.get('ratelimit')).toMatch(/^limit=\d+, remaining=\d+, reset=\d+$/);
    if (options?.()?.headers?.['x-request-id']) expect(fast.headers.get('x-request-id')).toBe('trace-42');
  });

  it('counts fast reads in the request metrics and the access log', async () => {
    const before = await admin.get('/metrics');
    const count = (text: string) => metricSample(text, 'config_requests_total{method="GET",status="200"}') ?? 0;
    expect((await admin.get('/api/v1/configs/feature.flag?namespace=payments', { headers: { 'x-request-id': 'logged-fast-read' } })).status).toBe(200);
    const after = await admin.get('/metrics');
    expect(count(after.text) - count(before.text)).toBe(2); // the read, and the first /metrics
    // The log line is written when the response has finished, which may be after the client has it.
    const line = await waitFor('the fast read\'s access-log line', async () =>
      server
        .output()
        .split('\n')
        .find((text) => text.includes('"request_id":"logged-fast-read"')),
    );
    expect(JSON.parse(line)).toMatchObject({ operation: 'config.get', namespace: 'payments', key: 'feature.flag', status: 200, user_id: 'admin', cache_hit: expect.any(Boolean) });
  });
});

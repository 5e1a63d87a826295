import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { HttpClient, type HttpResult } from '../harness/http-client';
import { expectValidProblemBody } from '../harness/problem-assertions';

/*
 * Random bodies, names, headers and query strings on every route: no input may give a 500,
 * and every error body must be a valid problem+json. Seeded from fast-check's default (the
 * seed is printed on failure, so a failure can be replayed).
 */

const printable = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const tricky = fc.constantFrom(
  '', ' ', '%', '%zz', '%E0%A4%A', '%00', '..', '.', 'namespace', 'a'.repeat(300), '__proto__', 'constructor',
  '%F0%9F%98%80', '%C0%AF', '-', '_', 'a.b-c_d', '%2F', '%5C', '%22', '~', 'x%20y',
);
const segment = fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 30 }).map(encodeURIComponent), fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/));
const queryValue = fc.oneof(tricky, printable.map(encodeURIComponent), fc.integer({ min: -5, max: 2000 }).map(String), fc.string({ unit: 'binary', maxLength: 20 }).map(encodeURIComponent));
const queryString = fc
  .array(fc.tuple(fc.constantFrom('namespace', 'prefix', 'limit', 'cursor', 'since', 'x', '__proto__', ''), queryValue), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));
const jsonish = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(null, -0, 1e308, 12345678901234567890n.toString(), '\u0000', '\ud800', '😀', { __proto__: 1 }, [[[[]]]]),
);
const bodyObject = fc.record(
  {
    value: jsonish,
    metadata: fc.oneof(jsonish, fc.dictionary(printable, jsonish, { maxKeys: 3 })),
    secret: fc.oneof(fc.boolean(), jsonish),
    key: fc.oneof(segment, jsonish),
    namespace: fc.oneof(segment, jsonish),
    version: fc.oneof(fc.integer({ min: -2, max: 10 }), jsonish),
    name: fc.oneof(printable, jsonish),
    roles: fc.oneof(fc.array(fc.constantFrom('reader', 'writer', 'admin', 'root', ''), { maxLength: 4 }), jsonish),
    namespaces: fc.oneof(fc.array(segment, { maxLength: 3 }), jsonish),
    expires_at: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), printable, jsonish),
    extra: jsonish,
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  bodyObject.map((o) => JSON.stringify(o)),
  fc.json(),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('', '{', '{"value":', '{"value":1}}', '{"value":1e99999}', '{"value":"\\ud800"}', '{"value":"\\u0000"}', `{"value":${'['.repeat(5000)}`, '\u0000', '{"__proto__":{"x":1},"value":1}'),
);
const contentType = fc.constantFrom(
  'application/json', 'application/json; charset=utf-8', 'application/merge-patch+json', 'text/plain', 'application/json; charset=latin1',
  'multipart/form-data; boundary=x', '', 'application/x-www-form-urlencoded', 'application/json; charset="utf-8"', ';;;',
);
const conditional = fc.oneof(fc.constant(undefined), fc.constantFrom('*', '"1"', 'W/"2"', '3', '"x"', 'garbage', '"1", "2"', ''), printable);

const request = fc.record({
  route: fc.constantFrom(
    'GET /api/v1/configs/{key}', 'PUT /api/v1/configs/{key}', 'DELETE /api/v1/configs/{key}', 'POST /api/v1/configs',
    'GET /api/v1/configs/namespace/{key}', 'GET /api/v1/configs/{key}/history', 'POST /api/v1/configs/{key}/rollback',
    'GET /api/v1/namespaces', 'POST /api/v1/apikeys', 'GET /api/v1/apikeys', 'DELETE /api/v1/apikeys/{key}',
    'GET /health', 'GET /health/live', 'GET /openapi.json', 'POST /api/v1/{key}', 'PATCH /api/v1/configs/{key}', 'GET /{key}',
  ),
  segment,
  query: queryString,
  body,
  contentType,
  ifMatch: conditional,
  ifNoneMatch: conditional,
  credential: fc.constantFrom('admin', 'admin', 'admin', 'none', 'bogus'),
});

describe.each(serverTargets())('fuzz on $name', (target) => {
  let running: RunningTarget;
  let client: HttpClient;

  beforeAll(async () => {
    if (!target.available) return;
    running = await target.start();
    client = new HttpClient(running.baseUrl, running.adminKey);
    // Some state for the fuzzer to hit: a few keys with history, one deleted.
    for (const key of ['a', 'b', 'a.b-c_d', '__proto__', 'constructor']) {
      await client.put(`/api/v1/configs/${key}`, { value: 1 });
      await client.put(`/api/v1/configs/${key}`, { value: 2 });
    }
    await client.delete('/api/v1/configs/b');
  });
  afterAll(async () => {
    await running?.stop();
  });

  it.skipIf(!target.available)('never answers 500, and every error is valid problem+json', async () => {
    let sent = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const [method, template] = r.route.split(' ') as [string, string];
        const path = template.replace('{key}', r.segment) + (r.query ? `?${r.query}` : '');
        const headers: Record<string, string> = {};
        if (r.contentType) headers['content-type'] = r.contentType;
        if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
        if (r.ifNoneMatch !== undefined) headers['if-none-match'] = r.ifNoneMatch;
        const key = r.credential === 'admin' ? running.adminKey : r.credential === 'bogus' ? 'csk_bogus' : null;
        const withBody = method === 'PUT' || method === 'POST' || method === 'PATCH';
        const result: HttpResult = await client.request(method, path, { headers, key, ...(withBody ? { body: r.body } : {}) });
        sent++;
        statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
        expect(result.status, `${method} ${path} ${r.body.slice(0, 200)} -> ${result.text.slice(0, 300)}`).toBeLessThan(500);
        if (result.status >= 400) expectValidProblemBody(result);
      }),
      { numRuns: 400 },
    );
    console.log(`[fuzz:${target.name}] ${sent} requests; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
    expect((await client.get('/health')).status).toBe(200);
  });
});

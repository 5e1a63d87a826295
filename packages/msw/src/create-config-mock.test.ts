import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { http, HttpResponse } from 'msw';
import { createConfigHandlers, createConfigMock } from './create-config-mock';
import { DEFAULT_ADMIN_KEY } from './auth/api-key-registry';

/*
 * The handlers under msw/node, spoken to with the global fetch and the global WebSocket, as
 * an SDK under test would. The WebSocket needs Node 22, or Node 20 with
 * --experimental-websocket (vitest.config.ts passes it to the unit workers).
 */

const BASE = 'http://config-service.mock';
const mock = createConfigMock({
  baseUrl: BASE,
  seed: [
    { namespace: 'payments', key: 'stripe.timeout_ms', value: 3000, metadata: { owner: 'team-payments' } },
    { key: 'feature.x', value: true },
  ],
  heartbeatMs: 50,
});
const server = setupServer(...mock.handlers);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(async () => {
  server.resetHandlers();
  await mock.reset();
});
afterAll(() => server.close());

const admin = { 'x-api-key': DEFAULT_ADMIN_KEY };
/** The revision of the last seed entry: a reset seeds again at the next revisions, which never go back. */
const seeded = () => mock.store.revision;
const json = { ...admin, 'content-type': 'application/json' };

interface Frame {
  type: string;
  revision: number;
  key?: string;
  value?: unknown;
  code?: number;
}

/** Opens a watch through the global WebSocket and collects its frames. */
function openWatch(url: string) {
  const socket = new WebSocket(url);
  const frames: Frame[] = [];
  const closed = new Promise<{ code: number }>((resolve) => socket.addEventListener('close', (event) => resolve({ code: event.code })));
  socket.addEventListener('message', (event) => frames.push(JSON.parse(String(event.data)) as Frame));
  const next = async (predicate: (frame: Frame) => boolean, timeoutMs = 2000): Promise<Frame> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = frames.find(predicate);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such frame within ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return { socket, frames, closed, next };
}

async function accessToken(): Promise<string> {
  const res = await fetch(`${BASE}/api/v1/auth/token`, { method: 'POST', headers: admin });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

describe('createConfigMock under msw/node', () => {
  it('serves the seed with the server default admin key, versions and revisions', async () => {
    const res = await fetch(`${BASE}/api/v1/configs/stripe.timeout_ms?namespace=payments`, { headers: admin });
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBe('"1"');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const top = seeded();
    expect(await res.json()).toMatchObject({ namespace: 'payments', value: 3000, version: 1, revision: top - 1, metadata: { owner: 'team-payments' }, updated_by: 'seed' });
    const listing = (await (await fetch(`${BASE}/api/v1/configs/namespace/default`, { headers: admin })).json()) as { revision: number; items: unknown[] };
    expect(listing).toMatchObject({ revision: top, items: [{ key: 'feature.x', value: true, revision: top }] });
  });

  it('answers bad input with problem+json, never an exception inside MSW', async () => {
    const malformed = await fetch(`${BASE}/api/v1/configs/%E0%A4%A`, { headers: admin });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toBe('application/problem+json');
    const unknown = await fetch(`${BASE}/somewhere/else`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('not_found');
    const anonymous = await fetch(`${BASE}/api/v1/namespaces`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
  });

  it('watches through the global WebSocket: ready, a change made over HTTP, heartbeats, and since replay', async () => {
    const top = seeded();
    const token = await accessToken();
    const live = openWatch(`${mock.watchUrl}?namespace=payments&access_token=${token}`);
    expect(await live.next((frame) => frame.type === 'ready')).toEqual({ type: 'ready', revision: top });

    const put = await fetch(`${BASE}/api/v1/configs/stripe.timeout_ms?namespace=payments`, { method: 'PUT', headers: json, body: '{"value":3500}' });
    expect(put.status).toBe(200);
    expect(await live.next((frame) => frame.type === 'change')).toMatchObject({
      type: 'change',
      revision: top + 1,
      action: 'updated',
      namespace: 'payments',
      key: 'stripe.timeout_ms',
      version: 2,
      value: 3500,
      updated_by: 'admin',
    });
    expect(await live.next((frame) => frame.type === 'heartbeat' && frame.revision === top + 1)).toBeTruthy();
    expect(mock.openWatches()).toBe(1);
    live.socket.close();
    await live.closed;

    const resumed = openWatch(`${mock.watchUrl}?since=${top - 1}&access_token=${token}`);
    await resumed.next((frame) => frame.type === 'ready');
    expect(resumed.frames.map((frame) => `${frame.type}:${frame.revision}`)).toEqual([`change:${top}`, `change:${top + 1}`, `ready:${top + 1}`]);
    resumed.socket.close();
  });

  it('closes a watch without a token with 4001 after an error frame', async () => {
    const refused = openWatch(mock.watchUrl);
    const closed = await refused.closed;
    expect(closed.code).toBe(4001);
    expect(refused.frames).toEqual([expect.objectContaining({ type: 'error', code: 4001 })]);
  });

  it('refuses a malformed watch URL as the server refuses the upgrade: the socket never opens', async () => {
    const refused = openWatch(`${mock.watchUrl}?since=abc&access_token=${await accessToken()}`);
    let opened = false;
    refused.socket.addEventListener('open', () => {
      opened = true;
    });
    expect((await refused.closed).code).toBe(1006);
    expect(opened).toBe(false);
    expect(refused.frames).toEqual([]);
    expect(mock.openWatches()).toBe(0);
  });

  it('closes open watches with 4010 on reset and starts again from the seed', async () => {
    const token = await accessToken();
    await fetch(`${BASE}/api/v1/configs/extra`, { method: 'PUT', headers: json, body: '{"value":1}' });
    const before = mock.store.revision;
    const watch = openWatch(`${mock.watchUrl}?access_token=${token}`);
    await watch.next((frame) => frame.type === 'ready');
    await mock.reset();
    expect((await watch.closed).code).toBe(4010);
    expect((await fetch(`${BASE}/api/v1/configs/extra`, { headers: admin })).status).toBe(404);
    expect((await fetch(`${BASE}/api/v1/auth/token`, { method: 'POST', headers: admin })).status).toBe(200);
    // The seed again, after the reset's own revision: they never go back.
    expect(mock.store.revision).toBe(before + 3);
    expect(await mock.store.get('default', 'feature.x')).toMatchObject({ version: 1, revision: before + 3 });
    const resumed = openWatch(`${mock.watchUrl}?since=${before}&access_token=${token}`);
    expect((await resumed.closed).code).toBe(4010);
  });

  it('sees a change made on the store as a change made elsewhere', async () => {
    const token = await accessToken();
    const watch = openWatch(`${mock.watchUrl}?key=feature.x&access_token=${token}`);
    await watch.next((frame) => frame.type === 'ready');
    await mock.store.put('another-service', 'default', 'feature.x', { value: false });
    expect(await watch.next((frame) => frame.type === 'change')).toMatchObject({ value: false, updated_by: 'another-service', version: 2 });
    watch.socket.close();
  });

  it('exchanges a key for a token from the body or the header, and audits changes with their request id', async () => {
    const fromBody = await fetch(`${BASE}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ api_key: DEFAULT_ADMIN_KEY }) });
    expect(fromBody.status).toBe(200);
    const { access_token: token } = (await fromBody.json()) as { access_token: string };
    expect((await fetch(`${BASE}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"key":"x"}' })).status).toBe(400);
    expect((await fetch(`${BASE}/api/v1/auth/token`, { method: 'POST' })).status).toBe(401);

    const bearer = { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-request-id': 'trace-42' };
    expect((await fetch(`${BASE}/api/v1/configs/audited`, { method: 'PUT', headers: bearer, body: '{"value":"v","secret":true}' })).status).toBe(201);
    const audit = await fetch(`${BASE}/api/v1/audit?entity_type=config&entity_id=default/audited`, { headers: admin });
    expect(audit.status).toBe(200);
    const page = (await audit.json()) as { items: Record<string, unknown>[]; next_cursor: string | null };
    expect(page).toEqual({
      items: [expect.objectContaining({ action: 'created', entity_type: 'config', entity_id: 'default/audited', user_id: 'admin', request_id: 'trace-42', changes: expect.objectContaining({ value: '[secret]', version: 1 }) })],
      next_cursor: null,
    });
    const reader = createConfigMock({ baseUrl: 'http://r.mock', apiKeys: [{ key: 'csk_reader-only-0000000', name: 'r', roles: ['reader'] }] });
    expect((await reader.api.handle(new Request('http://r.mock/api/v1/audit', { headers: { 'x-api-key': 'csk_reader-only-0000000' } }))).status).toBe(403);
  });

  it('serves its OpenAPI document, docs page and request metrics without a key', async () => {
    const doc = (await (await fetch(`${BASE}/openapi.json`)).json()) as { openapi: string; paths: Record<string, object>; components: { schemas: Record<string, object> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/configs/{key}', '/api/v1/audit', '/api/v1/auth/token', '/metrics']));
    expect(doc.components.schemas.ConfigEntry).toBeDefined();
    expect(await (await fetch(`${BASE}/docs`)).text()).toContain('/docs/init.js');
    expect(await (await fetch(`${BASE}/docs/init.js`)).text()).toContain('/openapi.json');
    await fetch(`${BASE}/api/v1/namespaces`);
    const metrics = await fetch(`${BASE}/metrics`);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await metrics.text()).toMatch(/^config_requests_total\{method="GET",status="401"\} [1-9]\d*$/m);
  });

  it('lets a test put an outage in front with MSW itself', async () => {
    server.use(http.all(`${BASE}/*`, () => HttpResponse.error()));
    await expect(fetch(`${BASE}/api/v1/namespaces`, { headers: admin })).rejects.toThrow();
    server.resetHandlers();
    expect((await fetch(`${BASE}/api/v1/namespaces`, { headers: admin })).status).toBe(200);
  });
});

describe('createConfigHandlers options', () => {
  it('mounts under a path and leaves other paths of the origin alone when told to', async () => {
    const scoped = setupServer(
      ...createConfigHandlers({ baseUrl: 'http://app.mock/config/', answerUnknownPaths: false }),
      http.get('http://app.mock/index.html', () => HttpResponse.text('the app')),
    );
    server.close();
    scoped.listen({ onUnhandledRequest: 'error' });
    try {
      const health = await fetch('http://app.mock/config/health');
      expect(await health.json()).toEqual({ status: 'ok', checks: { database: 'ok' } });
      expect((await fetch('http://app.mock/config/api/v1/configs/feature.x', { headers: admin })).status).toBe(404);
      expect(await (await fetch('http://app.mock/index.html')).text()).toBe('the app');
      await expect(fetch('http://app.mock/config/elsewhere')).rejects.toThrow();
    } finally {
      scoped.close();
      server.listen({ onUnhandledRequest: 'error' });
    }
  });

  it('fails at creation, with what to do, for a base URL it cannot resolve', async () => {
    expect(() => createConfigHandlers({ baseUrl: '/relative' })).toThrow(/Make sure to pass an absolute URL/);
    expect(() => createConfigHandlers({ baseUrl: 'ftp://x' })).toThrow(/http: or https:/);
  });

  it('refuses a seed the API would refuse', async () => {
    expect(() => createConfigMock({ seed: [{ key: 'namespace', value: 1 }] })).toThrow(/reserved/);
    expect(() => createConfigMock({ seed: [{ key: 'a', value: 'nul\u0000' }] })).toThrow(/U\+0000/);
    expect(() => createConfigMock({ seed: [{ key: 'a', value: 1 }, { key: 'a', value: 2 }] })).toThrow(/already exists/);
    expect(() => createConfigMock({ seed: [{ key: 'a', value: 1, metadata: { m: 'x'.repeat(16 * 1024) } }] })).toThrow(/metadata/);
  });

  it('replaces the default admin key with the given keys', async () => {
    const custom = createConfigMock({ baseUrl: 'http://keys.mock', apiKeys: [{ key: 'csk_reader-only-0000000', name: 'ci', roles: ['reader'] }] });
    expect(custom.adminKey).toBeUndefined();
    const response = await custom.api.handle(new Request('http://keys.mock/api/v1/apikeys', { headers: { 'x-api-key': 'csk_reader-only-0000000' } }));
    expect(response.status).toBe(403);
    const defaultKey = await custom.api.handle(new Request('http://keys.mock/api/v1/namespaces', { headers: admin }));
    expect(defaultKey.status).toBe(401);
  });
});

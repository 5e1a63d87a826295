import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTargets, type RunningContractTarget } from '../harness/targets';
import { HttpClient } from '../harness/http-client';
import { expectValidProblemBody } from '../harness/problem-assertions';
import { openWatch, revisionsOf, watchUrl, type WatchClient, type WatchOptions } from '../harness/watch-client';

/*
 * WS /ws/v1/configs/updates, black-box: the server is a spawned process, the test speaks
 * WebSocket to it (and HTTP only to make changes). Every target: SQLite, PostgreSQL and the
 * MSW mock. The mock is reached through the global WebSocket class (the one MSW intercepts),
 * which sends no headers, so there every watch authenticates with `?access_token=` taken for
 * its key; what that leaves out is skipped by name below.
 */

const RETENTION = 50;
let nsCounter = 0;
const freshNamespace = (label: string) => `${label}-${Date.now().toString(36)}-${nsCounter++}`;

function expectStrictlyIncreasing(revisions: number[]): void {
  for (let i = 1; i < revisions.length; i++) expect(revisions[i]!, `revisions ${revisions.join(',')}`).toBeGreaterThan(revisions[i - 1]!);
}

async function expectRefused(watch: WatchClient, code: number): Promise<void> {
  const closed = await watch.closed;
  expect(closed.code).toBe(code);
  const error = watch.frames.find((frame) => frame.type === 'error');
  expect(error, JSON.stringify(watch.frames)).toMatchObject({ type: 'error', code });
  expect(typeof error!.message).toBe('string');
  expect(watch.changes()).toEqual([]);
}

describe.each(contractTargets())('watch on $name', (target) => {
  const onMock = target.name === 'msw';
  let running: RunningContractTarget;
  let writer: HttpClient;
  let admin: HttpClient;
  const open: WatchClient[] = [];
  /** A watch as a client of this target opens one: on the mock, with a token for the key. */
  const connect = async (options: WatchOptions) => {
    if (!onMock) return openWatch(running.baseUrl, options);
    const { apiKey, ...rest } = options;
    const token = apiKey === undefined ? undefined : await tokenFor(apiKey);
    return openWatch(running.baseUrl, { ...rest, ...(token !== undefined ? { accessToken: token } : {}), transport: 'global' });
  };
  const watch = async (options: WatchOptions = {}) => {
    const client = await connect({ apiKey: running.adminKey, ...options });
    open.push(client);
    return client;
  };
  const tokenFor = async (key: string) => {
    const res = await admin.post('/api/v1/auth/token', undefined, { key });
    expect(res.status, res.text).toBe(200);
    return res.json.access_token as string;
  };
  const put = async (namespace: string, key: string, value: unknown, extra: Record<string, unknown> = {}) => {
    const res = await writer.put(`/api/v1/configs/${key}?namespace=${namespace}`, { value, ...extra });
    expect(res.status, res.text).toBeLessThan(300);
    return res.json as { revision: number; version: number };
  };
  const head = async () => {
    // A listing carries the global revision it saw.
    const res = await admin.get(`/api/v1/configs/namespace/${freshNamespace('head')}`);
    return res.json.revision as number;
  };

  beforeAll(async () => {
    if (!target.available) return;
    running = await target.start({
      CONFIG_SERVICE_WATCH_HEARTBEAT_MS: '200',
      CONFIG_SERVICE_CHANGE_LOG_RETENTION: String(RETENTION),
      ...(onMock ? {} : { LOG_LEVEL: 'info' }),
    });
    admin = new HttpClient(running.baseUrl, running.adminKey);
    const created = await admin.post('/api/v1/apikeys', { name: 'deployer', roles: ['writer'] });
    writer = admin.withKey(created.json.key);
  });
  afterAll(async () => {
    for (const client of open) client.terminate();
    await running?.stop();
  });

  describe.skipIf(!target.available)('', () => {
    it('replays every change after `since` in revision order, says ready, then streams live changes', async () => {
      const ns = freshNamespace('replay');
      const before = await head();
      const first = await put(ns, 'a', 1);
      await put(ns, 'b', { nested: [1, 2] });
      await put(ns, 'a', 2);
      expect((await writer.delete(`/api/v1/configs/a?namespace=${ns}`)).status).toBe(204);
      const client = await watch({ namespaces: [ns], since: before });
      const ready = await client.ready();
      expect(ready.revision).toBeGreaterThanOrEqual(first.revision + 3);
      const replayed = client.changes();
      expect(replayed.map((c) => [c.key, c.action, c.version, c.value])).toEqual([
        ['a', 'created', 1, 1],
        ['b', 'created', 1, { nested: [1, 2] }],
        ['a', 'updated', 2, 2],
        ['a', 'deleted', 3, null],
      ]);
      expect(replayed[0]).toMatchObject({ type: 'change', revision: first.revision, namespace: ns, secret: false, updated_by: 'deployer' });
      expect(Date.parse(replayed[0]!.updated_at as string)).not.toBeNaN();
      // `ready` comes after the replay, before anything live.
      expect(client.frames.findIndex((f) => f.type === 'ready')).toBeGreaterThan(client.frames.indexOf(replayed[3]!));

      const live = await put(ns, 'c', 'live');
      await client.waitForFrames('the live change', () => client.changes().length === 5);
      expect(client.changes()[4]).toMatchObject({ key: 'c', value: 'live', revision: live.revision, action: 'created' });
      expectStrictlyIncreasing(revisionsOf(client.frames));
    });

    it('without `since` sends only what changes after ready', async () => {
      const ns = freshNamespace('live');
      await put(ns, 'old', 1);
      const client = await watch({ namespaces: [ns] });
      const ready = await client.ready();
      const change = await put(ns, 'new', 2);
      await client.waitForFrames('the new change', () => client.changes().length === 1);
      expect(client.changes()[0]).toMatchObject({ key: 'new', revision: change.revision });
      expect(ready.revision).toBeLessThan(change.revision);
    });

    it('filters by namespace (repeatable), key and prefix', async () => {
      const [a, b, c] = [freshNamespace('fa'), freshNamespace('fb'), freshNamespace('fc')];
      const byNamespaces = await watch({ namespaces: [a, b] });
      const byKey = await watch({ namespaces: [a], key: 'db.url' });
      const byPrefix = await watch({ prefix: 'feature.' });
      await Promise.all([byNamespaces.ready(), byKey.ready(), byPrefix.ready()]);
      await put(a, 'db.url', 'x');
      await put(b, 'feature.one', true);
      await put(c, 'feature.two', false);
      await put(a, 'db.urls', 'not this key');
      await put(c, 'other', 0);
      await byNamespaces.waitForFrames('3 changes in a and b', () => byNamespaces.changes().length >= 3);
      await byPrefix.waitForFrames('2 feature.* changes', () => byPrefix.changes().length >= 2);
      await byKey.waitForFrames('1 db.url change', () => byKey.changes().length >= 1);
      // A heartbeat after the last write is a bookmark: nothing else matching is coming.
      const last = await put(c, 'marker', 0);
      for (const client of [byNamespaces, byKey, byPrefix]) {
        await client.waitForFrames('a heartbeat past the last write', () => client.frames.some((f) => f.type === 'heartbeat' && f.revision! >= last.revision));
      }
      expect(byNamespaces.changes().map((f) => `${f.namespace === a ? 'a' : 'b'}/${f.key}`)).toEqual(['a/db.url', 'b/feature.one', 'a/db.urls']);
      expect(byKey.changes().map((f) => f.key)).toEqual(['db.url']);
      expect(byPrefix.changes().map((f) => f.key)).toEqual(['feature.one', 'feature.two']);
    });

    it('sends heartbeats carrying the current revision as a bookmark', async () => {
      const ns = freshNamespace('hb');
      const client = await watch({ namespaces: [ns] });
      await client.ready();
      const change = await put(freshNamespace('elsewhere'), 'k', 1);
      await client.waitForFrames('two heartbeats at or past the change', () => client.frames.filter((f) => f.type === 'heartbeat' && f.revision! >= change.revision).length >= 2, 5000);
      const heartbeats = client.frames.filter((f) => f.type === 'heartbeat');
      for (const heartbeat of heartbeats) expect(Number.isInteger(heartbeat.revision)).toBe(true);
      expectStrictlyIncreasing([...new Set(heartbeats.map((f) => f.revision!))]);
      expect(client.changes()).toEqual([]);
    });

    it('opens secret values for the watcher, as a read would', async () => {
      const ns = freshNamespace('secret');
      const client = await watch({ namespaces: [ns] });
      await client.ready();
      await put(ns, 'stripe.key', 'sk_live_123', { secret: true });
      await client.waitForFrames('the secret change', () => client.changes().length === 1);
      expect(client.changes()[0]).toMatchObject({ key: 'stripe.key', value: 'sk_live_123', secret: true });
    });

    it('keeps numbers exact, live and in replay', async () => {
      const ns = freshNamespace('num');
      const client = await watch({ namespaces: [ns] });
      await client.ready();
      const raw: string[] = [];
      client.onRawFrame((text) => raw.push(text));
      await writer.request('PUT', `/api/v1/configs/big?namespace=${ns}`, { body: '{"value":{"n":12345678901234567890.5,"list":[98765432109876543210]}}' });
      await client.waitForFrames('the change', () => client.changes().length === 1);
      const replayed: string[] = [];
      const again = await watch({ namespaces: [ns], since: (client.changes()[0]!.revision as number) - 1 });
      again.onRawFrame((text) => replayed.push(text));
      await again.ready();
      const changeText = (frames: string[]) => frames.find((frame) => frame.startsWith('{"type":"change"')) ?? '';
      for (const frame of [changeText(raw), changeText(replayed)]) {
        // PostgreSQL's jsonb spaces the text differently; the digits are what must survive.
        expect(frame).toContain('12345678901234567890.5');
        expect(frame).toContain('98765432109876543210');
        expect(frame).not.toMatch(/e\+19|e\+20/);
      }
    });

    it('only ever carries namespaces the key may read; asking for another closes with 4003', async () => {
      const [mine, theirs] = [freshNamespace('mine'), freshNamespace('theirs')];
      const scoped = await admin.post('/api/v1/apikeys', { name: 'scoped-reader', roles: ['reader'], namespaces: [mine] });
      const everything = await watch({ apiKey: scoped.json.key });
      await everything.ready();
      await put(theirs, 'k', 1);
      const visible = await put(mine, 'k', 2);
      await everything.waitForFrames('a heartbeat past both writes', () => everything.frames.some((f) => f.type === 'heartbeat' && f.revision! >= visible.revision));
      expect(everything.changes().map((f) => f.namespace)).toEqual([mine]);

      await expectRefused(await watch({ apiKey: scoped.json.key, namespaces: [mine, theirs] }), 4003);
    });

    it('closes with 4001 without a valid credential, and when the key is revoked', async () => {
      await expectRefused(await connect({}), 4001);
      await expectRefused(await connect({ accessToken: 'not.a.jwt' }), 4001);

      const created = await admin.post('/api/v1/apikeys', { name: 'soon-revoked', roles: ['reader'] });
      const client = await watch({ apiKey: created.json.key });
      await client.ready();
      expect((await admin.delete(`/api/v1/apikeys/${created.json.id}`)).status).toBe(204);
      const closed = await client.closed;
      expect(closed.code).toBe(4001);
      expect(client.frames.at(-1)).toMatchObject({ type: 'error', code: 4001 });
    });

    it.skipIf(onMock)('closes with 4001 for an unknown key in X-API-Key (not on the mock: an intercepted WebSocket carries no headers)', async () => {
      await expectRefused(openWatch(running.baseUrl, { apiKey: 'csk_not-a-key' }), 4001);
    });

    it('takes an access token in ?access_token=, and never logs it where there are logs', async () => {
      const created = await admin.post('/api/v1/apikeys', { name: 'browser', roles: ['reader'] });
      const token = await tokenFor(created.json.key);
      const ns = freshNamespace('token');
      const client = await watch({ apiKey: undefined, accessToken: token, namespaces: [ns] });
      await client.ready();
      await put(ns, 'k', 1);
      await client.waitForFrames('the change', () => client.changes().length === 1);
      // The mock writes no logs; a server's must not hold the token.
      if (running.server) {
        expect(running.server.output()).not.toContain(token);
        expect(running.server.output()).not.toContain('access_token');
      }
    });

    it('closes with 4010 when `since` is older than the retained change log', async () => {
      const ns = freshNamespace('compact');
      const before = await head();
      for (let i = 0; i < RETENTION + 5; i++) await put(ns, `k${i % 3}`, i);
      const now = await head();
      await expectRefused(await watch({ namespaces: [ns], since: before }), 4010);
      const recent = await watch({ namespaces: [ns], since: now - 5 });
      await recent.ready();
      expect(revisionsOf(recent.frames)).toEqual([now - 4, now - 3, now - 2, now - 1, now]);
    });

    it.skipIf(onMock)('answers a malformed watch request with 400 problem+json before upgrading (not on the mock: an intercepted WebSocket has no HTTP answer, it closes with 1006; packages/msw/README.md)', async () => {
      for (const query of [{ since: '-1' }, { since: 'abc' }, { namespace: 'bad name' }, { key: 'namespace' }, { unknown: '1' }] as Record<string, string>[]) {
        const url = watchUrl(running.baseUrl, { extraQuery: query }).replace(/^ws/, 'http');
        const res = await rawUpgrade(url, running.adminKey);
        expect(res.status, `${JSON.stringify(query)}: ${res.body}`).toBe(400);
        expect(res.contentType).toMatch(/^application\/problem\+json/);
        const json = JSON.parse(res.body);
        expectValidProblemBody({ status: 400, json, text: res.body, headers: new Headers() });
        expect(json.code).toBe('validation_failed');
      }
    });
  });
});

/** Sends a WebSocket upgrade by hand and returns the HTTP answer, for requests refused before upgrading. */
function rawUpgrade(url: string, apiKey: string): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-version': '13',
        'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'x-api-key': apiKey,
      },
    });
    req.on('response', (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), body }));
    });
    req.on('upgrade', (_res, socket) => {
      socket.destroy();
      reject(new Error('the server upgraded a malformed watch request'));
    });
    req.on('error', reject);
    req.end();
  });
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTargets, type RunningContractTarget } from '../harness/targets';
import { HttpClient, parseLossless } from '../harness/http-client';
import { expectProblem } from '../harness/problem-assertions';

/*
 * The wire contract (shared/API.md), black-box over HTTP. One file, every target: it imports
 * nothing from the server, only starts it and speaks HTTP to it.
 */

let nsCounter = 0;
/** A namespace no other test uses, so tests do not see each other's entries. */
const freshNamespace = (label: string) => `${label}-${Date.now().toString(36)}-${nsCounter++}`;
const entryPath = (key: string, namespace: string) => `/api/v1/configs/${key}?namespace=${namespace}`;

describe.each(contractTargets())('contract on $name', (target) => {
  let running: RunningContractTarget;
  let admin: HttpClient;
  let writer: HttpClient;

  beforeAll(async () => {
    if (!target.available) return;
    running = await target.start();
    admin = new HttpClient(running.baseUrl, running.adminKey);
    const created = await admin.post('/api/v1/apikeys', { name: 'deployer', roles: ['writer'] });
    expect(created.status).toBe(201);
    writer = admin.withKey(created.json.key);
  });
  afterAll(async () => {
    await running?.stop();
  });

  describe.skipIf(!target.available)('entries', () => {
    it('creates with POST: 201, Location, ETag, version 1 and updated_by the key name', async () => {
      const ns = freshNamespace('create');
      const res = await writer.post('/api/v1/configs', { namespace: ns, key: 'stripe.timeout_ms', value: 3000, metadata: { owner: 'team' } });
      expect(res.status).toBe(201);
      expect(res.headers.get('etag')).toBe('"1"');
      expect(res.headers.get('location')).toBe(`/api/v1/configs/stripe.timeout_ms?namespace=${ns}`);
      expect(res.json).toMatchObject({ namespace: ns, key: 'stripe.timeout_ms', value: 3000, version: 1, secret: false, metadata: { owner: 'team' }, updated_by: 'deployer' });
      expect(res.json.revision).toBeGreaterThan(0);
      expect(Date.parse(res.json.created_at)).not.toBeNaN();
      expect(res.json.updated_at).toBe(res.json.created_at);
      const again = await writer.post('/api/v1/configs', { namespace: ns, key: 'stripe.timeout_ms', value: 1 });
      expectProblem(again, 409, 'already_exists');
    });

    it('uses the default namespace when none is given', async () => {
      const key = `k${Date.now()}`;
      const res = await writer.post('/api/v1/configs', { key, value: true });
      expect(res.status).toBe(201);
      expect(res.json.namespace).toBe('default');
      expect((await writer.get(`/api/v1/configs/${key}`)).json.value).toBe(true);
    });

    it('reads with ETag, answers If-None-Match with 304, and 404 for absent keys', async () => {
      const ns = freshNamespace('read');
      await writer.put(entryPath('a', ns), { value: 'x' });
      const res = await writer.get(entryPath('a', ns));
      expect(res.status).toBe(200);
      expect(res.headers.get('etag')).toBe('"1"');
      const cached = await writer.get(entryPath('a', ns), { headers: { 'if-none-match': '"1"' } });
      expect(cached.status).toBe(304);
      expect(cached.text).toBe('');
      expect(cached.headers.get('etag')).toBe('"1"');
      const stale = await writer.get(entryPath('a', ns), { headers: { 'if-none-match': '"7"' } });
      expect(stale.status).toBe(200);
      expectProblem(await writer.get(entryPath('missing', ns)), 404, 'not_found');
    });

    it('upserts with PUT: 201 when it creates, 200 and version+1 when it updates', async () => {
      const ns = freshNamespace('put');
      const created = await writer.put(entryPath('a', ns), { value: 1 });
      expect(created.status).toBe(201);
      expect(created.headers.get('location')).toContain('/api/v1/configs/a');
      const updated = await writer.put(entryPath('a', ns), { value: 2 });
      expect(updated.status).toBe(200);
      expect(updated.json.version).toBe(2);
      expect(updated.json.revision).toBeGreaterThan(created.json.revision);
      expect(updated.headers.get('etag')).toBe('"2"');
      expect(updated.json.created_at).toBe(created.json.created_at);
    });

    it('keeps metadata and secret when a PUT omits them, and clears metadata with null', async () => {
      const ns = freshNamespace('meta');
      await writer.put(entryPath('a', ns), { value: 1, metadata: { owner: 'x' } });
      const kept = await writer.put(entryPath('a', ns), { value: 2 });
      expect(kept.json.metadata).toEqual({ owner: 'x' });
      const cleared = await writer.put(entryPath('a', ns), { value: 2, metadata: null });
      expect(cleared.json.metadata).toBeNull();
      expect(cleared.json.version).toBe(3);
    });

    it('makes nothing new for a PUT that changes nothing, whatever the key order', async () => {
      const ns = freshNamespace('noop');
      const first = await writer.put(entryPath('a', ns), { value: { x: 1, y: [1, 2], z: { b: 1, a: 2 } }, metadata: { m: 1 } });
      const same = await writer.put(entryPath('a', ns), { value: { z: { a: 2, b: 1 }, y: [1, 2], x: 1 }, metadata: { m: 1 } });
      expect(same.status).toBe(200);
      expect(same.json.version).toBe(1);
      expect(same.json.revision).toBe(first.json.revision);
      expect(same.json.updated_at).toBe(first.json.updated_at);
      const history = await writer.get(`/api/v1/configs/a/history?namespace=${ns}`);
      expect(history.json.items).toHaveLength(1);
      const listing = await writer.get(`/api/v1/configs/namespace/${ns}`);
      expect(listing.json.revision).toBeGreaterThanOrEqual(first.json.revision);
      // Neither the no-op nor a refused write took a revision: the next change is the next one.
      expectProblem(await writer.put(entryPath('a', ns), { value: 5 }, { headers: { 'if-match': '"9"' } }), 412, 'version_conflict');
      const changedSecret = await writer.put(entryPath('a', ns), { value: { x: 1, y: [1, 2], z: { b: 1, a: 2 } }, secret: true });
      expect(changedSecret.json.version).toBe(2);
      expect(changedSecret.json.revision).toBe(first.json.revision + 1);
    });

    it('applies If-Match to PUT: 412 with current_version when it differs', async () => {
      const ns = freshNamespace('ifmatch');
      await writer.put(entryPath('a', ns), { value: 1 });
      await writer.put(entryPath('a', ns), { value: 2 });
      const conflict = await writer.put(entryPath('a', ns), { value: 3 }, { headers: { 'if-match': '"1"' } });
      expectProblem(conflict, 412, 'version_conflict');
      expect(conflict.json.current_version).toBe(2);
      const ok = await writer.put(entryPath('a', ns), { value: 3 }, { headers: { 'if-match': '"2"' } });
      expect(ok.status).toBe(200);
      expect(ok.json.version).toBe(3);
      const absent = await writer.put(entryPath('nope', ns), { value: 3 }, { headers: { 'if-match': '"1"' } });
      expectProblem(absent, 412, 'version_conflict');
      expect(absent.json.current_version).toBeNull();
      expectProblem(await writer.put(entryPath('a', ns), { value: 4 }, { headers: { 'if-match': 'garbage' } }), 400, 'validation_failed');
      expect((await writer.get(entryPath('a', ns))).json.value).toBe(3);
    });

    it('makes PUT create-only with If-None-Match: *', async () => {
      const ns = freshNamespace('ifnone');
      const created = await writer.put(entryPath('a', ns), { value: 1 }, { headers: { 'if-none-match': '*' } });
      expect(created.status).toBe(201);
      const refused = await writer.put(entryPath('a', ns), { value: 2 }, { headers: { 'if-none-match': '*' } });
      expectProblem(refused, 412, 'version_conflict');
      expect(refused.json.current_version).toBe(1);
      expect((await writer.get(entryPath('a', ns))).json.value).toBe(1);
    });

    it('deletes with 204, then 404; If-Match applies; history keeps a deleted item', async () => {
      const ns = freshNamespace('delete');
      await writer.put(entryPath('a', ns), { value: 1 });
      expectProblem(await writer.delete(entryPath('a', ns), { headers: { 'if-match': '"5"' } }), 412, 'version_conflict');
      const deleted = await writer.delete(entryPath('a', ns), { headers: { 'if-match': '"1"' } });
      expect(deleted.status).toBe(204);
      expectProblem(await writer.get(entryPath('a', ns)), 404, 'not_found');
      expectProblem(await writer.delete(entryPath('a', ns)), 404, 'not_found');
      expectProblem(await writer.delete(entryPath('never', ns)), 404, 'not_found');
      const history = await writer.get(`/api/v1/configs/a/history?namespace=${ns}`);
      expect(history.status).toBe(200);
      expect(history.json.items[0]).toMatchObject({ version: 2, action: 'deleted', value: null, created_by: 'deployer' });
    });

    it('continues the version sequence when a deleted key is created again', async () => {
      const ns = freshNamespace('recreate');
      await writer.put(entryPath('a', ns), { value: 1 });
      await writer.put(entryPath('a', ns), { value: 2 });
      await writer.delete(entryPath('a', ns));
      const recreated = await writer.post('/api/v1/configs', { namespace: ns, key: 'a', value: 9 });
      expect(recreated.status).toBe(201);
      expect(recreated.json.version).toBe(4);
      await writer.delete(entryPath('a', ns));
      const viaPut = await writer.put(entryPath('a', ns), { value: 10 });
      expect(viaPut.status).toBe(201);
      expect(viaPut.json.version).toBe(6);
      const actions = (await writer.get(`/api/v1/configs/a/history?namespace=${ns}`)).json.items.map((i: { action: string }) => i.action);
      expect(actions).toEqual(['created', 'deleted', 'created', 'deleted', 'updated', 'created']);
    });

    it('gives every change the next global revision', async () => {
      const ns = freshNamespace('revision');
      const revisions: number[] = [];
      revisions.push((await writer.put(entryPath('a', ns), { value: 1 })).json.revision);
      revisions.push((await writer.put(entryPath('b', ns), { value: 1 })).json.revision);
      revisions.push((await writer.put(entryPath('a', ns), { value: 2 })).json.revision);
      await writer.delete(entryPath('b', ns));
      const history = await writer.get(`/api/v1/configs/b/history?namespace=${ns}`);
      revisions.push(history.json.items[0].revision);
      revisions.push((await writer.post(`/api/v1/configs/a/rollback?namespace=${ns}`, { version: 1 })).json.revision);
      // A single client's changes are each the next revision: nothing else writes in between here.
      for (let i = 1; i < revisions.length; i++) expect(revisions[i]).toBe(revisions[i - 1]! + 1);
    });
  });

  describe.skipIf(!target.available)('values without loss', () => {
    it('keeps every digit of numbers', async () => {
      const ns = freshNamespace('digits');
      const body = '{"value":{"big":12345678901234567890,"precise":0.1000000000000000055511151231257827,"neg":-98765432109876543210.123456789,"exp":1.5e300,"list":[12345678901234567890]}}';
      const put = await writer.put(entryPath('n', ns), body);
      expect(put.status).toBe(201);
      for (const res of [put, await writer.get(entryPath('n', ns)), await writer.get(`/api/v1/configs/namespace/${ns}`)]) {
        expect(res.text).toContain('12345678901234567890');
        expect(res.text).toContain('0.1000000000000000055511151231257827');
        expect(res.text).toContain('-98765432109876543210.123456789');
      }
      const read = parseLossless((await writer.get(entryPath('n', ns))).text);
      expect(String(read.value.big)).toBe('12345678901234567890');
      expect(String(read.value.precise)).toBe('0.1000000000000000055511151231257827');
      const history = await writer.get(`/api/v1/configs/n/history?namespace=${ns}`);
      expect(history.text).toContain('12345678901234567890');
      // Top-level numbers too, read back from storage (history and listings are not served from a cache).
      for (const [key, literal] of [['top', '12345678901234567890'], ['frac', '12345678901234567890.5'], ['zeros', '1.50']] as const) {
        const put = await writer.put(entryPath(key, ns), `{"value":${literal}}`);
        expect(put.text).toContain(`"value":${literal}`);
        const stored = await writer.get(`/api/v1/configs/${key}/history?namespace=${ns}`);
        expect(String(parseLossless(stored.text).items[0].value)).toBe(literal);
      }
      const listed = parseLossless((await writer.get(`/api/v1/configs/namespace/${ns}`)).text);
      expect(listed.items.map((item: { value: unknown }) => String(item.value))).toEqual(expect.arrayContaining(['12345678901234567890.5', '1.50']));
    });

    it('keeps every code point of strings', async () => {
      const ns = freshNamespace('unicode');
      const samples = ['héllo', '😀 family: 👨‍👩‍👧', 'e\u0301', '\uffff\ufffe', '\u{10ffff}', 'tab\tnew\nline "quoted" \\ back', '中文字符', '\u2028\u2029', '\u0001\u001f'];
      const put = await writer.put(entryPath('s', ns), { value: samples, metadata: { 'ключ': 'значение' } });
      expect(put.status).toBe(201);
      const read = await writer.get(entryPath('s', ns));
      expect(read.json.value).toEqual(samples);
      expect(read.json.metadata).toEqual({ 'ключ': 'значение' });
    });

    it('stores every JSON type as the value', async () => {
      const ns = freshNamespace('types');
      for (const [key, value] of Object.entries({ obj: { a: { b: [1, null, false] } }, arr: [], str: '', num: 0, f: false, t: true, nil: null })) {
        const res = await writer.put(entryPath(key, ns), { value });
        expect(res.status, res.text).toBe(201);
        expect((await writer.get(entryPath(key, ns))).json.value).toEqual(value);
      }
    });

    it('refuses what a store cannot hold with 400 and a reason, the same on every store', async () => {
      const ns = freshNamespace('unstorable');
      const nul = await writer.put(entryPath('a', ns), '{"value":"a\\u0000b"}');
      expectProblem(nul, 400, 'validation_failed');
      expect(nul.json.detail).toMatch(/U\+0000/);
      expectProblem(await writer.put(entryPath('a', ns), '{"value":{"k\\u0000":1}}'), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', ns), '{"value":"\\ud800"}'), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', ns), '{"value":1, "metadata":{"m":"\\u0000"}}'), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', ns), '{"value":1e999999}'), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', ns), `{"value":${'['.repeat(200)}${']'.repeat(200)}}`), 400, 'validation_failed');
      expectProblem(await writer.get(entryPath('a', ns)), 404, 'not_found');
    });

    it('limits values to 1 MiB and metadata to 16 KiB with 413', async () => {
      const ns = freshNamespace('size');
      const fits = await writer.put(entryPath('big', ns), { value: 'x'.repeat(1024 * 1024 - 2) });
      expect(fits.status).toBe(201);
      expectProblem(await writer.put(entryPath('big', ns), { value: 'x'.repeat(1024 * 1024 - 1) }), 413, 'payload_too_large');
      expectProblem(await writer.put(entryPath('meta', ns), { value: 1, metadata: { m: 'x'.repeat(16 * 1024) } }), 413, 'payload_too_large');
      expectProblem(await writer.put(entryPath('huge', ns), { value: 'x'.repeat(5 * 1024 * 1024) }), 413, 'payload_too_large');
      expect((await writer.get(entryPath('big', ns))).json.value).toHaveLength(1024 * 1024 - 2);
    });
  });

  describe.skipIf(!target.available)('bad input', () => {
    it('answers a wrong or missing content type with 415', async () => {
      const ns = freshNamespace('media');
      expectProblem(await writer.put(entryPath('a', ns), '{"value":1}', { headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type');
      expectProblem(await writer.post('/api/v1/configs', 'key=a&value=1', { headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, 'unsupported_media_type');
      expectProblem(await writer.put(entryPath('a', ns), '{"value":1}', { headers: { 'content-type': 'application/json; charset=latin1' } }), 415, 'unsupported_media_type');
      const res = await fetch(`${running.baseUrl}${entryPath('a', ns)}`, { method: 'PUT', headers: { 'x-api-key': running.adminKey } });
      expect(res.status).toBe(415);
      const ok = await writer.put(entryPath('a', ns), '{"value":1}', { headers: { 'content-type': 'application/json; charset=utf-8' } });
      expect(ok.status).toBe(201);
    });

    it('answers malformed JSON and bad bodies with 400 listing the problems', async () => {
      const ns = freshNamespace('malformed');
      for (const body of ['{"value":', '', 'nul', '{"value":1}x', '{"value":1,"value":2}', '[]', '"x"', '{"value":NaN}']) {
        expectProblem(await writer.put(entryPath('a', ns), body), 400, 'validation_failed');
      }
      const missing = await writer.put(entryPath('a', ns), { metadata: {} });
      expectProblem(missing, 400, 'validation_failed');
      expect(missing.json.errors.map((e: { path: string }) => e.path)).toContain('body.value');
      expectProblem(await writer.put(entryPath('a', ns), { value: 1, extra: true }), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', ns), { value: 1, metadata: [1] }), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', ns), { value: 1, metadata: 'x' }), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', ns), { value: 1, secret: 'yes' }), 400, 'validation_failed');
      expectProblem(await writer.post('/api/v1/configs', { namespace: ns, value: 1 }), 400, 'validation_failed');
      expectProblem(await writer.post(`/api/v1/configs/a/rollback?namespace=${ns}`, { version: 1.5 }), 400, 'validation_failed');
      expectProblem(await writer.post(`/api/v1/configs/a/rollback?namespace=${ns}`, { version: 0 }), 400, 'validation_failed');
      expectProblem(await writer.get(entryPath('a', ns)), 404, 'not_found');
    });

    it('answers bad names with 400, and the reserved key "namespace"', async () => {
      const ns = freshNamespace('names');
      expectProblem(await writer.put(entryPath('-leading', ns), { value: 1 }), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('has%20space', ns), { value: 1 }), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a'.repeat(256), ns), { value: 1 }), 400, 'validation_failed');
      expect((await writer.put(entryPath('a'.repeat(255), ns), { value: 1 })).status).toBe(201);
      expectProblem(await writer.put(entryPath('namespace', ns), { value: 1 }), 400, 'validation_failed');
      expectProblem(await writer.post('/api/v1/configs', { namespace: ns, key: 'namespace', value: 1 }), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', 'bad/ns'), { value: 1 }), 400, 'validation_failed');
      expectProblem(await writer.put(entryPath('a', 'n'.repeat(101)), { value: 1 }), 400, 'validation_failed');
      expectProblem(await writer.get(`/api/v1/configs/a?namespace=${ns}&namespace=other`), 400, 'validation_failed');
      expectProblem(await writer.get('/api/v1/configs/namespace/bad%24name'), 400, 'validation_failed');
      expectProblem(await writer.get('/api/v1/configs/%E0%A4%A'), 400, 'validation_failed');
    });

    it('answers unknown routes with a 404 problem', async () => {
      expectProblem(await writer.get('/api/v1/nothing-here'), 404, 'not_found');
      expectProblem(await writer.get('/nothing'), 404, 'not_found');
      expectProblem(await writer.request('PATCH', '/api/v1/configs/a'), 404, 'not_found');
    });
  });

  describe.skipIf(!target.available)('listing', () => {
    it('lists a namespace sorted by key with prefix, limit, cursor and the revision it saw', async () => {
      const ns = freshNamespace('list');
      const keys = ['b.2', 'a.1', 'b.1', 'c', 'b.3', 'a.2'];
      let lastRevision = 0;
      for (const key of keys) lastRevision = (await writer.put(entryPath(key, ns), { value: key })).json.revision;
      await writer.put(entryPath('gone', ns), { value: 0 });
      await writer.delete(entryPath('gone', ns));

      const all = await writer.get(`/api/v1/configs/namespace/${ns}`);
      expect(all.status).toBe(200);
      expect(all.json.namespace).toBe(ns);
      expect(all.json.items.map((i: { key: string }) => i.key)).toEqual([...keys].sort());
      expect(all.json.next_cursor).toBeNull();
      expect(all.json.revision).toBeGreaterThan(lastRevision);

      const prefixed = await writer.get(`/api/v1/configs/namespace/${ns}?prefix=b.`);
      expect(prefixed.json.items.map((i: { key: string }) => i.key)).toEqual(['b.1', 'b.2', 'b.3']);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { json: { items: { key: string }[]; next_cursor: string | null } } = await writer.get(
          `/api/v1/configs/namespace/${ns}?limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        );
        expect(page.json.items.length).toBeLessThanOrEqual(4);
        seen.push(...page.json.items.map((i) => i.key));
        cursor = page.json.next_cursor;
      } while (cursor);
      expect(seen).toEqual([...keys].sort());

      const prefixPages = await writer.get(`/api/v1/configs/namespace/${ns}?prefix=b.&limit=2`);
      expect(prefixPages.json.items.map((i: { key: string }) => i.key)).toEqual(['b.1', 'b.2']);
      const next = await writer.get(`/api/v1/configs/namespace/${ns}?prefix=b.&limit=2&cursor=${prefixPages.json.next_cursor}`);
      expect(next.json.items.map((i: { key: string }) => i.key)).toEqual(['b.3']);
      expect(next.json.next_cursor).toBeNull();
    });

    it('gives an empty or unknown namespace 200 with no items', async () => {
      const res = await writer.get(`/api/v1/configs/namespace/${freshNamespace('empty')}`);
      expect(res.status).toBe(200);
      expect(res.json.items).toEqual([]);
      expect(res.json.next_cursor).toBeNull();
      expect(typeof res.json.revision).toBe('number');
    });

    it('refuses bad limits and cursors with 400', async () => {
      const ns = freshNamespace('limits');
      for (const query of ['limit=0', 'limit=1001', 'limit=abc', 'limit=1.5', 'cursor=%%%', 'cursor=bm90LWEtY3Vyc29y']) {
        expectProblem(await writer.get(`/api/v1/configs/namespace/${ns}?${query}`), 400, 'validation_failed');
      }
      expect((await writer.get(`/api/v1/configs/namespace/${ns}?limit=1000`)).status).toBe(200);
    });

    it('lists namespaces with counts', async () => {
      const ns = freshNamespace('nslist');
      await writer.put(entryPath('a', ns), { value: 1 });
      await writer.put(entryPath('b', ns), { value: 1 });
      const res = await writer.get('/api/v1/namespaces');
      expect(res.status).toBe(200);
      const item = res.json.items.find((i: { name: string }) => i.name === ns);
      expect(item).toMatchObject({ name: ns, config_count: 2 });
      expect(Date.parse(item.updated_at)).not.toBeNaN();
    });
  });

  describe.skipIf(!target.available)('history and rollback', () => {
    it('pages history newest first and keeps it after a delete; 404 only for a key that never existed', async () => {
      const ns = freshNamespace('history');
      for (let i = 1; i <= 5; i++) await writer.put(entryPath('h', ns), { value: i });
      await writer.delete(entryPath('h', ns));
      const first = await writer.get(`/api/v1/configs/h/history?namespace=${ns}&limit=4`);
      expect(first.status).toBe(200);
      expect(first.json.items.map((i: { version: number }) => i.version)).toEqual([6, 5, 4, 3]);
      expect(first.json.items[1]).toMatchObject({ version: 5, action: 'updated', value: 5, created_by: 'deployer' });
      const second = await writer.get(`/api/v1/configs/h/history?namespace=${ns}&limit=4&cursor=${first.json.next_cursor}`);
      expect(second.json.items.map((i: { version: number }) => i.version)).toEqual([2, 1]);
      expect(second.json.items[1].action).toBe('created');
      expect(second.json.next_cursor).toBeNull();
      expectProblem(await writer.get(`/api/v1/configs/never/history?namespace=${ns}`), 404, 'not_found');
    });

    it('rolls back to a version as a new version, restores deleted keys, refuses deleted and unknown versions', async () => {
      const ns = freshNamespace('rollback');
      await writer.put(entryPath('r', ns), { value: 'one', metadata: { v: 1 } });
      await writer.put(entryPath('r', ns), { value: 'two', metadata: { v: 2 } });
      const rolled = await writer.post(`/api/v1/configs/r/rollback?namespace=${ns}`, { version: 1 });
      expect(rolled.status).toBe(200);
      expect(rolled.headers.get('etag')).toBe('"3"');
      expect(rolled.json).toMatchObject({ value: 'one', version: 3, metadata: { v: 1 } });
      const top = (await writer.get(`/api/v1/configs/r/history?namespace=${ns}`)).json.items[0];
      expect(top).toMatchObject({ version: 3, action: 'rolled_back', value: 'one' });

      await writer.delete(entryPath('r', ns));
      expectProblem(await writer.post(`/api/v1/configs/r/rollback?namespace=${ns}`, { version: 4 }), 409, 'conflict');
      expectProblem(await writer.post(`/api/v1/configs/r/rollback?namespace=${ns}`, { version: 99 }), 404, 'not_found');
      expectProblem(await writer.post(`/api/v1/configs/never/rollback?namespace=${ns}`, { version: 1 }), 404, 'not_found');
      const restored = await writer.post(`/api/v1/configs/r/rollback?namespace=${ns}`, { version: 2 });
      expect(restored.status).toBe(200);
      expect(restored.json).toMatchObject({ value: 'two', version: 5 });
      expect((await writer.get(entryPath('r', ns))).json.value).toBe('two');

      expectProblem(await writer.post(`/api/v1/configs/r/rollback?namespace=${ns}`, { version: 1 }, { headers: { 'if-match': '"4"' } }), 412, 'version_conflict');
      const conditional = await writer.post(`/api/v1/configs/r/rollback?namespace=${ns}`, { version: 1 }, { headers: { 'if-match': '"5"' } });
      expect(conditional.json.version).toBe(6);
    });
  });

  describe.skipIf(!target.available)('API keys and roles', () => {
    it('refuses requests without a valid key with 401 and WWW-Authenticate', async () => {
      for (const key of [null, 'csk_not-a-real-key']) {
        const res = await admin.get('/api/v1/namespaces', { key });
        expectProblem(res, 401, 'unauthorized');
        expect(res.headers.get('www-authenticate')).toBeTruthy();
      }
    });

    it('creates a key shown once, lists keys without secrets, deletes them', async () => {
      const created = await admin.post('/api/v1/apikeys', { name: 'reader-1', roles: ['reader'], namespaces: ['only-here'] });
      expect(created.status).toBe(201);
      expect(created.json).toMatchObject({ name: 'reader-1', roles: ['reader'], namespaces: ['only-here'], expires_at: null });
      expect(typeof created.json.key).toBe('string');
      expect(created.json.key.length).toBeGreaterThanOrEqual(32);
      const listed = await admin.get('/api/v1/apikeys');
      expect(listed.status).toBe(200);
      expect(listed.text).not.toContain(created.json.key);
      const item = listed.json.items.find((k: { id: string }) => k.id === created.json.id);
      expect(item).toMatchObject({ name: 'reader-1', roles: ['reader'], namespaces: ['only-here'] });
      expect(created.json.key.startsWith(item.prefix)).toBe(true);
      expect(item).toHaveProperty('last_used_at');
      expect(item).not.toHaveProperty('key');

      const reader = admin.withKey(created.json.key);
      expect((await reader.get('/api/v1/namespaces')).status).toBe(200);
      // Who the caller is, never the key: what a console reads to decide what to offer.
      const self = await reader.get('/api/v1/auth/self');
      expect(self.status).toBe(200);
      expect(self.json).toEqual({ id: created.json.id, name: 'reader-1', roles: ['reader'], namespaces: ['only-here'] });
      expect((await admin.get('/api/v1/auth/self')).json).toMatchObject({ roles: ['admin'], namespaces: null });
      expectProblem(await admin.get('/api/v1/auth/self', { key: null }), 401, 'unauthorized');
      expect((await admin.delete(`/api/v1/apikeys/${created.json.id}`)).status).toBe(204);
      expectProblem(await admin.delete(`/api/v1/apikeys/${created.json.id}`), 404, 'not_found');
      // Revocation reaches every replica within 1 s; this is the replica that revoked it.
      expectProblem(await reader.get('/api/v1/namespaces'), 401, 'unauthorized');
      expect((await admin.get('/api/v1/apikeys')).json.items.some((k: { id: string }) => k.id === created.json.id)).toBe(false);
    });

    it('refuses bad key requests with 400', async () => {
      expectProblem(await admin.post('/api/v1/apikeys', { name: 'x', roles: ['root'] }), 400, 'validation_failed');
      expectProblem(await admin.post('/api/v1/apikeys', { name: '', roles: ['reader'] }), 400, 'validation_failed');
      expectProblem(await admin.post('/api/v1/apikeys', { name: 'x', roles: [] }), 400, 'validation_failed');
      expectProblem(await admin.post('/api/v1/apikeys', { name: 'x', roles: ['reader'], namespaces: ['bad/ns'] }), 400, 'validation_failed');
      expectProblem(await admin.post('/api/v1/apikeys', { name: 'x', roles: ['reader'], expires_at: 'tomorrow' }), 400, 'validation_failed');
    });

    it('refuses an expired key', async () => {
      const created = await admin.post('/api/v1/apikeys', { name: 'short-lived', roles: ['reader'], expires_at: new Date(Date.now() - 1000).toISOString() });
      expect(created.status).toBe(201);
      expectProblem(await admin.get('/api/v1/namespaces', { key: created.json.key }), 401, 'unauthorized');
    });

    it('enforces roles on every route', async () => {
      const ns = freshNamespace('roles');
      await writer.put(entryPath('a', ns), { value: 1 });
      const reader = admin.withKey((await admin.post('/api/v1/apikeys', { name: 'r', roles: ['reader'] })).json.key);
      expect((await reader.get(entryPath('a', ns))).status).toBe(200);
      expect((await reader.get(`/api/v1/configs/namespace/${ns}`)).status).toBe(200);
      expect((await reader.get(`/api/v1/configs/a/history?namespace=${ns}`)).status).toBe(200);
      expectProblem(await reader.put(entryPath('a', ns), { value: 2 }), 403, 'forbidden');
      expectProblem(await reader.post('/api/v1/configs', { namespace: ns, key: 'b', value: 2 }), 403, 'forbidden');
      expectProblem(await reader.delete(entryPath('a', ns)), 403, 'forbidden');
      expectProblem(await reader.post(`/api/v1/configs/a/rollback?namespace=${ns}`, { version: 1 }), 403, 'forbidden');
      for (const client of [reader, writer]) {
        expectProblem(await client.get('/api/v1/apikeys'), 403, 'forbidden');
        expectProblem(await client.post('/api/v1/apikeys', { name: 'x', roles: ['admin'] }), 403, 'forbidden');
        expectProblem(await client.delete('/api/v1/apikeys/00000000-0000-0000-0000-000000000000'), 403, 'forbidden');
      }
      expect((await reader.get(entryPath('a', ns))).json.version).toBe(1);
    });

    it('limits a namespace-scoped key to its namespaces', async () => {
      const mine = freshNamespace('mine');
      const other = freshNamespace('other');
      await writer.put(entryPath('a', mine), { value: 1 });
      await writer.put(entryPath('a', other), { value: 1 });
      const scoped = admin.withKey((await admin.post('/api/v1/apikeys', { name: 'scoped', roles: ['writer'], namespaces: [mine] })).json.key);
      expect((await scoped.put(entryPath('a', mine), { value: 2 })).status).toBe(200);
      expectProblem(await scoped.get(entryPath('a', other)), 403, 'forbidden');
      expectProblem(await scoped.put(entryPath('a', other), { value: 2 }), 403, 'forbidden');
      expectProblem(await scoped.get(`/api/v1/configs/namespace/${other}`), 403, 'forbidden');
      expectProblem(await scoped.get(`/api/v1/configs/a/history?namespace=${other}`), 403, 'forbidden');
      expectProblem(await scoped.post('/api/v1/configs', { namespace: other, key: 'b', value: 1 }), 403, 'forbidden');
      expectProblem(await scoped.post('/api/v1/configs', { key: 'b', value: 1 }), 403, 'forbidden');
      const names = (await scoped.get('/api/v1/namespaces')).json.items.map((i: { name: string }) => i.name);
      expect(names).toEqual([mine]);
    });
  });

  describe.skipIf(!target.available)('health and documents', () => {
    it('answers /health and /health/live without a key', async () => {
      const health = await admin.get('/health', { key: null });
      expect(health.status).toBe(200);
      // Servers also report `storage` (disk full); the mock has only the database.
      expect(health.json).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
      expect(Object.values(health.json.checks)).toEqual(Object.values(health.json.checks).map(() => 'ok'));
      expect((await admin.get('/health/live', { key: null })).status).toBe(200);
    });

    it('serves an OpenAPI 3.1 document covering every route, and a docs page', async () => {
      const doc = await admin.get('/openapi.json', { key: null });
      expect(doc.status).toBe(200);
      expect(doc.json.openapi).toBe('3.1.0');
      const routes: [string, string][] = [
        ['/api/v1/configs', 'post'],
        ['/api/v1/configs/{key}', 'get'],
        ['/api/v1/configs/{key}', 'put'],
        ['/api/v1/configs/{key}', 'delete'],
        ['/api/v1/configs/namespace/{namespace}', 'get'],
        ['/api/v1/configs/{key}/history', 'get'],
        ['/api/v1/configs/{key}/rollback', 'post'],
        ['/api/v1/namespaces', 'get'],
        ['/api/v1/apikeys', 'post'],
        ['/api/v1/apikeys', 'get'],
        ['/api/v1/apikeys/{id}', 'delete'],
        ['/api/v1/auth/self', 'get'],
        ['/health', 'get'],
        ['/health/live', 'get'],
      ];
      for (const [path, method] of routes) expect(doc.json.paths[path]?.[method], `${method} ${path}`).toBeDefined();
      expect(Object.keys(doc.json.paths['/api/v1/configs/{key}'].put.responses)).toEqual(expect.arrayContaining(['200', '201', '400', '401', '403', '412', '413', '415']));
      expect(doc.json.components.schemas.Problem).toBeDefined();
      const docs = await fetch(`${running.baseUrl}/docs`);
      expect(docs.status).toBe(200);
      expect(docs.headers.get('content-type')).toMatch(/text\/html/);
      // The page's script and styles are served by the server itself (works offline).
      const page = await docs.text();
      for (const asset of page.matchAll(/(?:src|href)="(\/docs\/[^"]+)"/g)) {
        const res = await fetch(`${running.baseUrl}${asset[1]}`);
        expect(res.status, asset[1]).toBe(200);
        if (asset[1] === '/docs/init.js') expect(await res.text()).toContain('/openapi.json');
        else await res.arrayBuffer();
      }
      expect(page).toContain('/docs/init.js');
    });

    it('gives every response a request id, echoing a sane one', async () => {
      const res = await admin.get('/api/v1/namespaces', { headers: { 'x-request-id': 'trace-123' } });
      expect(res.headers.get('x-request-id')).toBe('trace-123');
      const problem = await admin.get('/api/v1/configs/missing-key');
      expect(problem.json.request_id).toBe(problem.headers.get('x-request-id'));
    });
  });
});

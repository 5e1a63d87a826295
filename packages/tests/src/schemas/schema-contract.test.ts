import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contractTargets, type RunningContractTarget } from '../harness/targets';
import { HttpClient } from '../harness/http-client';
import { expectProblem } from '../harness/problem-assertions';

/*
 * Contract v1.1 "Schemas (typed config)", black-box over HTTP on every target (SQLite,
 * PostgreSQL, the MSW mock): the schema routes and every write path of a value.
 */

let nsCounter = 0;
const freshNamespace = (label: string) => `${label}-${Date.now().toString(36)}-${nsCounter++}`;
const entryPath = (key: string, ns: string) => `/api/v1/configs/${key}?namespace=${ns}`;
const schemaPath = (key: string, ns: string) => `/api/v1/configs/${key}/schema?namespace=${ns}`;

const clientSchema = {
  type: 'object',
  properties: {
    retries: { type: 'integer', minimum: 0 },
    endpoint: { type: 'string', format: 'uri' },
  },
  required: ['retries'],
};

describe.each(contractTargets())('schemas on $name', (target) => {
  let running: RunningContractTarget;
  let admin: HttpClient;
  let writer: HttpClient;
  let reader: HttpClient;

  beforeAll(async () => {
    if (!target.available) return;
    running = await target.start();
    admin = new HttpClient(running.baseUrl, running.adminKey);
    const keyFor = async (name: string, roles: string[]) => (await admin.post('/api/v1/apikeys', { name, roles })).json.key as string;
    writer = admin.withKey(await keyFor('deployer', ['writer']));
    reader = admin.withKey(await keyFor('viewer', ['reader']));
  });
  afterAll(async () => {
    await running?.stop();
  });

  describe.skipIf(!target.available)('routes', () => {
    it('PUT stores a schema (201, then 200), versioned with an ETag, before its key exists', async () => {
      const ns = freshNamespace('put');
      const created = await writer.put(schemaPath('client', ns), clientSchema, { headers: { 'content-type': 'application/schema+json' } });
      expect(created.status, created.text).toBe(201);
      expect(created.headers.get('etag')).toBe('"1"');
      expect(created.json).toEqual({ namespace: ns, key: 'client', schema: clientSchema, version: 1, updated_at: expect.any(String), updated_by: 'deployer' });
      const read = await reader.get(schemaPath('client', ns));
      expect(read.status).toBe(200);
      expect(read.headers.get('etag')).toBe('"1"');
      expect(read.json.schema).toEqual(clientSchema);

      const same = await writer.put(schemaPath('client', ns), clientSchema);
      expect(same.status).toBe(200);
      expect(same.json.version).toBe(1);
      const changed = await writer.put(schemaPath('client', ns), { ...clientSchema, required: [] });
      expect(changed.status).toBe(200);
      expect(changed.json.version).toBe(2);
      expect(changed.headers.get('etag')).toBe('"2"');
    });

    it('If-Match makes a schema change conditional (412 with current_version)', async () => {
      const ns = freshNamespace('ifmatch');
      await writer.put(schemaPath('k', ns), { type: 'string' });
      const stale = await writer.put(schemaPath('k', ns), { type: 'number' }, { headers: { 'if-match': '"7"' } });
      expectProblem(stale, 412, 'version_conflict');
      expect(stale.json.current_version).toBe(1);
      expect((await writer.put(schemaPath('k', ns), { type: 'number' }, { headers: { 'if-match': '"1"' } })).status).toBe(200);
      expectProblem(await writer.delete(schemaPath('k', ns), { headers: { 'if-match': '"1"' } }), 412, 'version_conflict');
    });

    it('GET /schemas lists every schema of a namespace sorted by key; 404 for a key with none', async () => {
      const ns = freshNamespace('list');
      await writer.put(schemaPath('zeta', ns), { type: 'boolean' });
      await writer.put(schemaPath('alpha', ns), { type: 'string' });
      const listed = await reader.get(`/api/v1/schemas?namespace=${ns}`);
      expect(listed.status).toBe(200);
      expect(listed.json).toEqual({
        namespace: ns,
        items: [
          { key: 'alpha', schema: { type: 'string' }, version: 1 },
          { key: 'zeta', schema: { type: 'boolean' }, version: 1 },
        ],
      });
      expect((await reader.get(`/api/v1/schemas?namespace=${freshNamespace('empty')}`)).json.items).toEqual([]);
      expectProblem(await reader.get(schemaPath('none', ns)), 404, 'not_found');
    });

    it('DELETE removes the schema (204, then 404), and the next one continues its versions', async () => {
      const ns = freshNamespace('delete');
      await writer.put(schemaPath('k', ns), { type: 'integer' });
      expect((await writer.delete(schemaPath('k', ns))).status).toBe(204);
      expectProblem(await reader.get(schemaPath('k', ns)), 404, 'not_found');
      expectProblem(await writer.delete(schemaPath('k', ns)), 404, 'not_found');
      // Without a schema, any value goes.
      expect((await writer.put(entryPath('k', ns), { value: 'not an integer' })).status).toBe(201);
      const again = await writer.put(schemaPath('k', ns), { type: 'string' });
      expect(again.status).toBe(201);
      expect(again.json.version).toBe(2);
    });

    it('needs the writer role to change a schema and the reader role to read one', async () => {
      const ns = freshNamespace('roles');
      expectProblem(await reader.put(schemaPath('k', ns), { type: 'string' }), 403, 'forbidden');
      expectProblem(await reader.delete(schemaPath('k', ns)), 403, 'forbidden');
      expectProblem(await writer.get(schemaPath('k', ns), { key: null }), 401, 'unauthorized');
      expectProblem(await writer.get(`/api/v1/schemas?namespace=${ns}`, { key: null }), 401, 'unauthorized');
      const scopedKey = (await admin.post('/api/v1/apikeys', { name: 'scoped', roles: ['writer'], namespaces: ['elsewhere'] })).json.key as string;
      expectProblem(await admin.withKey(scopedKey).put(schemaPath('k', ns), { type: 'string' }), 403, 'forbidden');
      expectProblem(await admin.withKey(scopedKey).get(`/api/v1/schemas?namespace=${ns}`), 403, 'forbidden');
    });

    it('audits schema_updated and schema_deleted, and takes no config revision', async () => {
      const ns = freshNamespace('audit');
      await writer.put(entryPath('k', ns), { value: 'x' });
      const before = (await reader.get(`/api/v1/configs/namespace/${ns}`)).json.revision as number;
      await writer.put(schemaPath('k', ns), { type: 'string' });
      await writer.delete(schemaPath('k', ns));
      const after = (await reader.get(`/api/v1/configs/namespace/${ns}`)).json.revision as number;
      expect(after).toBe(before);
      const audit = await admin.get(`/api/v1/audit?entity_type=config&entity_id=${encodeURIComponent(`${ns}/k`)}`);
      expect(audit.json.items.map((item: { action: string }) => item.action)).toEqual(['schema_deleted', 'schema_updated', 'created']);
      expect(audit.json.items[1]).toMatchObject({ user_id: 'deployer', changes: { schema_version: 1, previous_schema_version: null } });
    });
  });

  describe.skipIf(!target.available)('refused schemas', () => {
    it('400 for what is not a 2020-12 schema, with a pointer into the schema', async () => {
      const ns = freshNamespace('invalid');
      const res = await writer.put(schemaPath('k', ns), { type: 'object', properties: { retries: { type: 'integr' } } });
      expectProblem(res, 400, 'validation_failed');
      expect(res.json.errors.some((e: { path: string }) => e.path.startsWith('/properties/retries/type'))).toBe(true);
      expectProblem(await writer.put(schemaPath('k', ns), [1, 2]), 400, 'validation_failed');
      expectProblem(await reader.get(schemaPath('k', ns)), 404, 'not_found');
    });

    it('400 for a $ref that leaves the document (nothing is fetched); in-document refs work', async () => {
      const ns = freshNamespace('ref');
      const remote = await writer.put(schemaPath('k', ns), { $ref: 'https://schemas.example.com/retries.json' });
      expectProblem(remote, 400, 'validation_failed');
      expect(remote.json.detail).toMatch(/does not resolve inside the schema/);
      const local = await writer.put(schemaPath('k', ns), { $defs: { port: { type: 'integer', maximum: 65535 } }, $ref: '#/$defs/port' });
      expect(local.status).toBe(201);
      const bad = await writer.put(entryPath('k', ns), { value: 70000 });
      expectProblem(bad, 400, 'validation_failed');
      expect(bad.json.errors).toEqual([{ path: '/value', message: 'must be <= 65535' }]);
    });

    it('413 for a schema over 64 KiB', async () => {
      const ns = freshNamespace('big');
      expectProblem(await writer.put(schemaPath('k', ns), { type: 'string', description: 'x'.repeat(65 * 1024) }), 413, 'payload_too_large');
    });

    it('400 for a pattern RE2 cannot run in linear time, or a quadratic uniqueItems', async () => {
      const ns = freshNamespace('unsafe');
      const lookahead = await writer.put(schemaPath('k', ns), { type: 'string', pattern: '^(?=.*[0-9]).+$' });
      expectProblem(lookahead, 400, 'validation_failed');
      expect(lookahead.json.detail).toMatch(/RE2/);
      const unique = await writer.put(schemaPath('k', ns), { type: 'array', uniqueItems: true });
      expectProblem(unique, 400, 'validation_failed');
      expect(unique.json.errors).toEqual([{ path: '/uniqueItems', message: expect.stringMatching(/maxItems/) }]);
    });

    it('409 with errors[] when the key\'s current value does not satisfy the new schema; the old one stays', async () => {
      const ns = freshNamespace('breaks');
      await writer.put(schemaPath('client', ns), clientSchema);
      await writer.put(entryPath('client', ns), { value: { retries: 3 } });
      const res = await writer.put(schemaPath('client', ns), { ...clientSchema, required: ['retries', 'endpoint'] });
      expectProblem(res, 409, 'conflict');
      expect(res.json.errors).toEqual([{ path: '/value/endpoint', message: 'is required' }]);
      expect((await reader.get(schemaPath('client', ns))).json.version).toBe(1);
      // A deleted key has no current value to break.
      await writer.delete(entryPath('client', ns));
      expect((await writer.put(schemaPath('client', ns), { ...clientSchema, required: ['retries', 'endpoint'] })).status).toBe(200);
    });
  });

  describe.skipIf(!target.available)('every write of a value is checked', () => {
    it('POST: 400 with JSON Pointers into the body, and nothing is written', async () => {
      const ns = freshNamespace('post');
      await writer.put(schemaPath('client', ns), clientSchema);
      const res = await writer.post('/api/v1/configs', { namespace: ns, key: 'client', value: { retries: 'three', endpoint: 'not a uri' } });
      expectProblem(res, 400, 'validation_failed');
      expect(res.json.errors).toEqual(
        expect.arrayContaining([
          { path: '/value/retries', message: 'must be integer' },
          { path: '/value/endpoint', message: 'must match format "uri"' },
        ]),
      );
      expectProblem(await reader.get(entryPath('client', ns)), 404, 'not_found');
      expectProblem(await reader.get(`/api/v1/configs/client/history?namespace=${ns}`), 404, 'not_found');
      const ok = await writer.post('/api/v1/configs', { namespace: ns, key: 'client', value: { retries: 2, endpoint: 'https://api.example.com' } });
      expect(ok.status).toBe(201);
      expect(ok.json.version).toBe(1);
    });

    it('PUT: 400 with pointers, the entry unchanged; a valid value is written', async () => {
      const ns = freshNamespace('upsert');
      await writer.put(schemaPath('client', ns), clientSchema);
      const missing = await writer.put(entryPath('client', ns), { value: {} });
      expectProblem(missing, 400, 'validation_failed');
      expect(missing.json.errors).toEqual([{ path: '/value/retries', message: 'is required' }]);
      expect((await writer.put(entryPath('client', ns), { value: { retries: 1 } })).status).toBe(201);
      const negative = await writer.put(entryPath('client', ns), { value: { retries: -1 } });
      expectProblem(negative, 400, 'validation_failed');
      expect(negative.json.errors).toEqual([{ path: '/value/retries', message: 'must be >= 0' }]);
      const entry = await reader.get(entryPath('client', ns));
      expect(entry.json).toMatchObject({ value: { retries: 1 }, version: 1 });
    });

    it('a secret is checked in clear, before it is sealed', async () => {
      const ns = freshNamespace('secret');
      await writer.put(schemaPath('db.password', ns), { type: 'string', minLength: 12 });
      const short = await writer.put(entryPath('db.password', ns), { value: 'hunter2', secret: true });
      expectProblem(short, 400, 'validation_failed');
      expect(short.json.errors).toEqual([{ path: '/value', message: 'must NOT have fewer than 12 characters' }]);
      expect(short.text).not.toContain('hunter2');
      const ok = await writer.put(entryPath('db.password', ns), { value: 'correct-horse-battery', secret: true });
      expect(ok.status).toBe(201);
      // The schema also sees the clear value when a new schema is checked against it.
      expectProblem(await writer.put(schemaPath('db.password', ns), { type: 'string', maxLength: 5 }), 409, 'conflict');
    });

    it('rollback: 409 with errors[] when that version fails today\'s schema; nothing is written', async () => {
      const ns = freshNamespace('rollback');
      await writer.put(entryPath('client', ns), { value: { retries: 'legacy' } });
      await writer.put(entryPath('client', ns), { value: { retries: 4 } });
      await writer.put(schemaPath('client', ns), clientSchema);
      const res = await writer.post(`/api/v1/configs/client/rollback?namespace=${ns}`, { version: 1 });
      expectProblem(res, 409, 'conflict');
      expect(res.json.errors).toEqual([{ path: '/value/retries', message: 'must be integer' }]);
      const entry = await reader.get(entryPath('client', ns));
      expect(entry.json).toMatchObject({ value: { retries: 4 }, version: 2 });
      await writer.put(entryPath('client', ns), { value: { retries: 5 } });
      const back = await writer.post(`/api/v1/configs/client/rollback?namespace=${ns}`, { version: 2 });
      expect(back.status).toBe(200);
      expect(back.json).toMatchObject({ value: { retries: 4 }, version: 4 });
    });

    it('a catastrophic pattern runs in linear time: the write is answered promptly and the service stays responsive', async () => {
      const ns = freshNamespace('redos');
      // Exponential on a backtracking engine: 30 characters take minutes, this input forever.
      await writer.put(schemaPath('name', ns), { type: 'string', pattern: '^(a+)+$' });
      const evil = `${'a'.repeat(200_000)}!`;
      const started = Date.now();
      const [refused, health] = await Promise.all([
        writer.put(entryPath('name', ns), { value: evil }),
        (async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          const t = Date.now();
          const res = await reader.get(`/api/v1/schemas?namespace=${ns}`);
          return { status: res.status, ms: Date.now() - t };
        })(),
      ]);
      const elapsed = Date.now() - started;
      expectProblem(refused, 400, 'validation_failed');
      expect(refused.json.errors).toEqual([{ path: '/value', message: 'must match pattern "^(a+)+$"' }]);
      expect(health.status).toBe(200);
      // Bounds far above what linear matching needs on a loaded machine, far below what a
      // backtracking engine would take (it never finishes on this input).
      expect(elapsed).toBeLessThan(10_000);
      expect(health.ms).toBeLessThan(10_000);
      expect((await writer.put(entryPath('name', ns), { value: 'aaaa' })).status).toBe(201);
    });
  });
});

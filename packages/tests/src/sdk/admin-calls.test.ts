import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForbiddenError, UnauthorizedError, createRequestClient, type RequestConfigClient } from '@config-service/browser';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';

/** The SDK calls the web console is built on, against a real server. */
describe('SDK: one-page listing, whoami, schemas and the admin calls', () => {
  let target: RunningTarget;
  let admin: RequestConfigClient;
  const clients: RequestConfigClient[] = [];

  function client(apiKey: string): RequestConfigClient {
    const made = createRequestClient({ baseUrl: target.baseUrl, apiKey, useAccessTokens: true });
    clients.push(made);
    return made;
  }

  beforeAll(async () => {
    target = await serverTargets()[0]!.start();
    const http = new HttpClient(target.baseUrl, target.adminKey);
    for (let i = 0; i < 7; i++) await http.put(`/api/v1/configs/k${i}?namespace=paged`, { value: i });
    await http.put('/api/v1/configs/other?namespace=paged', { value: 'x' });
    admin = client(target.adminKey);
  });
  afterAll(async () => {
    for (const made of clients) await made.close();
    await target?.stop();
  });

  it('list: pages of a namespace by prefix, sorted, with the revision the listing saw', async () => {
    const first = await admin.list({ namespace: 'paged', prefix: 'k', limit: 3 });
    expect(first.items.map((entry) => entry.key)).toEqual(['k0', 'k1', 'k2']);
    expect(first.revision).toBeGreaterThanOrEqual(8);
    const keys: string[] = first.items.map((entry) => entry.key);
    let cursor = first.next_cursor;
    while (cursor) {
      const page = await admin.list({ namespace: 'paged', prefix: 'k', limit: 3, cursor });
      keys.push(...page.items.map((entry) => entry.key));
      cursor = page.next_cursor;
    }
    expect(keys).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6']);
  });

  it('fetchSchema: a key\'s JSON Schema, which may exist before its key; undefined when it has none', async () => {
    const schema = { type: 'object', properties: { retries: { type: 'integer', minimum: 0 } }, required: ['retries'] };
    expect((await new HttpClient(target.baseUrl, target.adminKey).put('/api/v1/configs/typed/schema?namespace=paged', schema)).status).toBe(201);
    expect(await admin.fetchSchema('typed', { namespace: 'paged' })).toMatchObject({ namespace: 'paged', key: 'typed', schema, version: 1, updated_by: 'admin' });
    expect(await admin.fetchSchema('k0', { namespace: 'paged' })).toBeUndefined();
    expect(await admin.fetchSchema('typed', { namespace: 'elsewhere' })).toBeUndefined();
  });

  it('whoami and the API key calls: create (the key once), list (never the key), revoke', async () => {
    expect(await admin.whoami()).toMatchObject({ name: 'admin', roles: ['admin'], namespaces: null });
    const created = await admin.admin.createApiKey({ name: 'sdk-reader', roles: ['reader'], namespaces: ['paged'] });
    expect(created.key).toMatch(/^csk_/);
    const reader = client(created.key);
    const self = await reader.whoami();
    expect(self).toEqual({ id: created.id, name: 'sdk-reader', roles: ['reader'], namespaces: ['paged'] });
    expect(JSON.stringify(self)).not.toContain(created.key);
    await expect(reader.admin.listApiKeys()).rejects.toBeInstanceOf(ForbiddenError);

    const listed = (await admin.admin.listApiKeys()).find((key) => key.id === created.id);
    expect(listed).toMatchObject({ name: 'sdk-reader', roles: ['reader'], namespaces: ['paged'] });
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(created.key.startsWith(listed!.prefix)).toBe(true);

    await admin.admin.revokeApiKey(created.id);
    expect((await admin.admin.listApiKeys()).some((key) => key.id === created.id)).toBe(false);
    await expect(client(created.key).whoami()).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it('audit: filters and pages, newest first', async () => {
    const updates = await admin.admin.audit({ entity_type: 'config', action: 'created', limit: 5 });
    expect(updates.items).toHaveLength(5);
    expect(updates.items.every((item) => item.action === 'created' && item.entity_type === 'config')).toBe(true);
    const rest = await admin.admin.audit({ entity_type: 'config', action: 'created', limit: 5, cursor: updates.next_cursor! });
    expect(rest.items.map((item) => item.entity_id).sort()).toEqual(['paged/k0', 'paged/k1', 'paged/k2']);
    const one = await admin.admin.audit({ entity_id: 'paged/other' });
    expect(one.items.map((item) => item.action)).toEqual(['created']);
    expect(one.next_cursor).toBeNull();
  });
});

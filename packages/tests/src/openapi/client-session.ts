/*
 * A full session through a client generated from the served OpenAPI document
 * (openapi-typescript + openapi-fetch). The test generates ./generated/config-service.d.ts
 * from a real server, type-checks this file against it (tsc, strict) and runs it against
 * that server: a route, parameter or body the document gets wrong is a type error here, and
 * a status it does not declare is caught by `onResponse`.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './generated/config-service';

export interface SeenResponse {
  method: string;
  schemaPath: string;
  status: number;
}

function expectStatus(what: string, actual: number, expected: number): void {
  if (actual !== expected) throw new Error(`${what}: expected ${expected}, got ${actual}`);
}

export async function runSession(baseUrl: string, adminKey: string, onResponse: (seen: SeenResponse) => void): Promise<string[]> {
  const steps: string[] = [];
  const record: Middleware = {
    onResponse({ request, response, schemaPath }) {
      onResponse({ method: request.method, schemaPath, status: response.status });
      return undefined;
    },
  };
  const admin = createClient<paths>({ baseUrl, headers: { 'X-API-Key': adminKey } });
  admin.use(record);

  // What HTTP helpers send: X-API-Key and an empty JSON object.
  const token = await admin.POST('/api/v1/auth/token', { body: {} });
  if (!token.data) throw new Error(`token: ${token.response.status}`);
  const expiresIn: number = token.data.expires_in;
  steps.push(`token ${token.data.token_type} for ${expiresIn} s`);

  const api = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token.data.access_token}` } });
  api.use(record);
  const namespace = 'openapi-session';

  const created = await api.POST('/api/v1/configs', { body: { namespace, key: 'timeout', value: 3000, metadata: { owner: 'docs' } } });
  if (!created.data) throw new Error(`create: ${created.response.status}`);
  const version: number = created.data.version;
  steps.push(`created v${version} at revision ${created.data.revision}`);

  const duplicate = await api.POST('/api/v1/configs', { body: { namespace, key: 'timeout', value: 1 } });
  expectStatus('duplicate create', duplicate.response.status, 409);
  steps.push(`duplicate: ${duplicate.error?.code}`);

  const read = await api.GET('/api/v1/configs/{key}', { params: { path: { key: 'timeout' }, query: { namespace } } });
  if (!read.data) throw new Error(`read: ${read.response.status}`);
  steps.push(`read ${JSON.stringify(read.data.value)} etag ${read.response.headers.get('etag')}`);

  const unchanged = await api.GET('/api/v1/configs/{key}', { params: { path: { key: 'timeout' }, query: { namespace }, header: { 'if-none-match': '"1"' } } });
  expectStatus('conditional read', unchanged.response.status, 304);
  steps.push('conditional read: 304');

  const updated = await api.PUT('/api/v1/configs/{key}', {
    params: { path: { key: 'timeout' }, query: { namespace }, header: { 'if-match': `"${version}"` } },
    body: { value: 3500 },
  });
  if (!updated.data) throw new Error(`update: ${updated.response.status}`);
  steps.push(`updated to v${updated.data.version}`);

  const stale = await api.PUT('/api/v1/configs/{key}', {
    params: { path: { key: 'timeout' }, query: { namespace }, header: { 'if-match': `"${version}"` } },
    body: { value: 4000 },
  });
  expectStatus('stale update', stale.response.status, 412);
  steps.push(`stale update: ${stale.error?.code}, current ${stale.error?.current_version}`);

  const listing = await api.GET('/api/v1/configs/namespace/{namespace}', { params: { path: { namespace }, query: { limit: 10 } } });
  if (!listing.data) throw new Error(`list: ${listing.response.status}`);
  steps.push(`listed ${listing.data.items.length} at revision ${listing.data.revision}`);

  const history = await api.GET('/api/v1/configs/{key}/history', { params: { path: { key: 'timeout' }, query: { namespace } } });
  if (!history.data) throw new Error(`history: ${history.response.status}`);
  steps.push(`history ${history.data.items.map((item) => item.action).join(',')}`);

  const rolledBack = await api.POST('/api/v1/configs/{key}/rollback', { params: { path: { key: 'timeout' }, query: { namespace } }, body: { version: 1 } });
  if (!rolledBack.data) throw new Error(`rollback: ${rolledBack.response.status}`);
  steps.push(`rolled back to ${JSON.stringify(rolledBack.data.value)} as v${rolledBack.data.version}`);

  const deleted = await api.DELETE('/api/v1/configs/{key}', { params: { path: { key: 'timeout' }, query: { namespace } } });
  expectStatus('delete', deleted.response.status, 204);
  const gone = await api.GET('/api/v1/configs/{key}', { params: { path: { key: 'timeout' }, query: { namespace } } });
  expectStatus('read after delete', gone.response.status, 404);
  steps.push(`deleted; read: ${gone.error?.code}`);

  const reserved = await api.GET('/api/v1/configs/{key}', { params: { path: { key: 'namespace' }, query: { namespace } } });
  expectStatus('the reserved key', reserved.response.status, 400);

  const namespaces = await api.GET('/api/v1/namespaces');
  if (!namespaces.data) throw new Error(`namespaces: ${namespaces.response.status}`);
  steps.push(`namespaces: ${namespaces.data.items.length}`);

  const key = await admin.POST('/api/v1/apikeys', { body: { name: 'openapi-reader', roles: ['reader'], namespaces: [namespace] } });
  if (!key.data) throw new Error(`create key: ${key.response.status}`);
  const reader = createClient<paths>({ baseUrl, headers: { 'X-API-Key': key.data.key } });
  reader.use(record);
  const refused = await reader.PUT('/api/v1/configs/{key}', { params: { path: { key: 'x' }, query: { namespace } }, body: { value: 1 } });
  expectStatus('reader writes', refused.response.status, 403);
  const keys = await admin.GET('/api/v1/apikeys');
  if (!keys.data) throw new Error(`keys: ${keys.response.status}`);
  const revoked = await admin.DELETE('/api/v1/apikeys/{id}', { params: { path: { id: key.data.id } } });
  expectStatus('revoke', revoked.response.status, 204);
  const afterRevoke = await reader.GET('/api/v1/namespaces');
  expectStatus('revoked key', afterRevoke.response.status, 401);
  steps.push(`key created, listed (${keys.data.items.length}), revoked`);

  const audit = await admin.GET('/api/v1/audit', { params: { query: { entity_type: 'config', entity_id: `${namespace}/timeout` } } });
  if (!audit.data) throw new Error(`audit: ${audit.response.status}`);
  steps.push(`audit ${audit.data.items.map((item) => item.action).join(',')}`);

  const health = await admin.GET('/health');
  if (!health.data) throw new Error(`health: ${health.response.status}`);
  steps.push(`health ${health.data.status}`);
  return steps;
}

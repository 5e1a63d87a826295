import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UnauthorizedError,
  UnavailableError,
  ValidationError,
  VersionConflictError,
  createClient,
  isConfigServiceError,
  loadConfig,
  type ConfigChange,
  type ConfigClient,
} from '@config-service/node';
import { freePort } from '../harness/free-port';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { waitFor } from '../harness/wait-for';

let target: RunningTarget;
let http: HttpClient;
const clients: Array<{ close(): Promise<void> }> = [];
const fast = { initialDelayMs: 50, maxDelayMs: 300 };

function live(namespaces: string[], extra: Partial<Parameters<typeof createClient>[0]> = {}): ConfigClient {
  const client = createClient({ baseUrl: target.baseUrl, apiKey: target.adminKey, namespaces, backoff: fast, ...extra } as Parameters<typeof createClient>[0]) as ConfigClient;
  clients.push(client);
  return client;
}

beforeAll(async () => {
  target = await serverTargets()[0]!.start();
  http = new HttpClient(target.baseUrl, target.adminKey);
});
afterAll(async () => {
  for (const client of clients) await client.close();
  await target?.stop();
});

describe('@config-service/node against a real server', () => {
  it('reads from memory, typed with a schema, and rejects a bad value clearly', async () => {
    await http.put('/api/v1/configs/limits?namespace=reads', { value: { rps: 50 } });
    await http.put('/api/v1/configs/broken?namespace=reads', { value: { rps: 'many' } });
    const client = live(['reads']);
    await client.ready();
    const Limits = z.object({ rps: z.number().int() });
    const limits = client.get('limits', { schema: Limits });
    expect(limits?.rps).toBe(50);
    expect(client.get('missing', { default: 7 })).toBe(7);
    expect(() => client.get('broken', { schema: Limits })).toThrow(/reads\/broken does not match its schema: rps:/);
    expect(() => client.get('x', { namespace: 'not-synced' })).toThrow(/not kept by this client/);
  });

  it('writes with compare-and-set and maps every refusal to its typed error', async () => {
    const client = live(['writes']);
    await client.ready();
    const created = await client.set('timeout', 100, { ifVersion: 0 });
    expect(created).toMatchObject({ key: 'timeout', value: 100, version: 1 });
    // Read-your-writes: the value is in memory as soon as set() resolves.
    expect(client.get('timeout')).toBe(100);
    const conflict = await client.set('timeout', 200, { ifVersion: 0 }).catch((error: unknown) => error);
    expect(conflict).toBeInstanceOf(VersionConflictError);
    expect((conflict as VersionConflictError).currentVersion).toBe(1);
    await client.set('timeout', 200, { ifVersion: 1 });
    await expect(client.set('timeout', 300, { ifVersion: 1 })).rejects.toMatchObject({ name: 'VersionConflictError', status: 412, currentVersion: 2 });
    await client.delete('timeout', { ifVersion: 2 });
    expect(client.get('timeout')).toBeUndefined();
    await expect(client.delete('timeout')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.rollback('timeout', 3)).rejects.toBeInstanceOf(ConflictError);
    expect(await client.rollback('timeout', 1)).toMatchObject({ value: 100, version: 4 });
    const history = await client.history('timeout');
    expect(history.items.map((item) => item.action)).toEqual(['rolled_back', 'deleted', 'updated', 'created']);
    await expect(client.set('namespace', 1)).rejects.toBeInstanceOf(ValidationError);

    const reader = (await http.post('/api/v1/apikeys', { name: 'sdk-reader', roles: ['reader'] })).json.key as string;
    const readOnly = createClient({ baseUrl: target.baseUrl, apiKey: reader, mode: 'request' });
    const refused = await readOnly.set('timeout', 1, { namespace: 'writes' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ForbiddenError);
    expect(isConfigServiceError(refused) && refused.requestId).toBeTruthy();
  });

  it('delivers every change exactly once and in order to listeners and iterators', async () => {
    const client = live(['events']);
    await client.ready();
    const seen: ConfigChange[] = [];
    client.subscribe({ namespace: 'events' }, (change) => seen.push(change));
    const prefixed: string[] = [];
    client.subscribe({ prefix: 'a.', namespace: 'events' }, (change) => prefixed.push(change.key));
    const iterated: number[] = [];
    const iteration = (async () => {
      for await (const change of client.watch({ key: 'a.1', namespace: 'events' })) {
        iterated.push(change.value as number);
        if (iterated.length === 10) break;
      }
    })();
    const other = new HttpClient(target.baseUrl, target.adminKey);
    await Promise.all(Array.from({ length: 40 }, (_, i) => other.put(`/api/v1/configs/${i % 2 ? 'a' : 'b'}.${i % 4}?namespace=events`, { value: i })));
    await waitFor('40 changes', async () => seen.length >= 40, 10_000, 10);
    await iteration;
    const revisions = seen.map((change) => change.revision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(40);
    expect(prefixed.every((key) => key.startsWith('a.'))).toBe(true);
    expect(prefixed).toHaveLength(20);
    expect(iterated).toHaveLength(10);
  });

  it('reconnects after a server restart and resumes from its revision without loss or repeats', async () => {
    const port = await freePort();
    const restartable = await serverTargets()[0]!.start({ PORT: String(port) });
    const writer = new HttpClient(restartable.baseUrl, restartable.adminKey);
    await writer.put('/api/v1/configs/k?namespace=resume', { value: 0 });
    const client = createClient({ baseUrl: restartable.baseUrl, apiKey: restartable.adminKey, namespaces: ['resume'], backoff: fast });
    clients.push(client);
    await client.ready();
    const values: unknown[] = [];
    client.subscribe('k', () => undefined);
    client.subscribe({ namespace: 'resume' }, (change) => values.push(change.value));
    await restartable.server.stop();
    await waitFor('stale', async () => client.status === 'stale', 10_000, 20);
    expect(client.get('k', { namespace: 'resume' })).toBe(0);
    const again = await serverTargets()[0]!.start({ PORT: String(port), CONFIG_SERVICE_DATA_DIR: restartable.server.dataDir });
    clients.push({ close: () => again.stop() });
    for (let i = 1; i <= 20; i++) await writer.put('/api/v1/configs/k?namespace=resume', { value: i });
    await waitFor('20 changes after the restart', async () => values.length >= 20, 15_000, 20);
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(client.status).toBe('ready');
  });

  it('poll mode converges and announces the differences', async () => {
    const client = live(['polled'], { mode: 'poll', pollIntervalMs: 100 });
    await client.ready();
    const keys: string[] = [];
    client.subscribe({ namespace: 'polled' }, (change) => keys.push(`${change.action}:${change.key}`));
    await http.put('/api/v1/configs/p?namespace=polled', { value: 'v1' });
    await waitFor('the polled value', async () => client.get('p', { namespace: 'polled' }) === 'v1', 5_000, 20);
    await http.delete('/api/v1/configs/p?namespace=polled');
    await waitFor('the deletion', async () => client.get('p', { namespace: 'polled' }) === undefined, 5_000, 20);
    expect(keys).toEqual(['created:p', 'deleted:p']);
  });

  it('request mode caches for the TTL, then revalidates; serves stale when the server is down', async () => {
    const restartable = await serverTargets()[0]!.start();
    const writer = new HttpClient(restartable.baseUrl, restartable.adminKey);
    await writer.put('/api/v1/configs/r', { value: 1 });
    const client = createClient({ baseUrl: restartable.baseUrl, apiKey: restartable.adminKey, mode: 'request', cache: { ttlMs: 2_000 } });
    expect(await client.get('r')).toBe(1);
    await writer.put('/api/v1/configs/r', { value: 2 });
    expect(await client.get('r')).toBe(1);
    await new Promise((settle) => setTimeout(settle, 2_100));
    expect(await client.get('r')).toBe(2);
    expect(await client.get('absent', { default: 'd' })).toBe('d');
    await restartable.stop();
    await new Promise((settle) => setTimeout(settle, 2_100));
    expect(await client.get('r')).toBe(2);
    await expect(client.get('never-cached')).rejects.toBeInstanceOf(UnavailableError);
  });

  it('exchanges the key for access tokens when asked, and loadConfig fails clearly without a server', async () => {
    // The audit log records every token the server issues (newest first): the count must grow.
    const tokensIssued = async () => {
      const audit = await http.get('/api/v1/audit?action=token_issued&limit=100');
      expect(audit.status).toBe(200);
      return (audit.json.items as unknown[]).length;
    };
    const issuedBefore = await tokensIssued();
    expect(issuedBefore).toBeLessThan(100);
    const client = live(['tokens'], { useAccessTokens: true });
    await client.ready();
    expect(await tokensIssued()).toBeGreaterThan(issuedBefore);
    await client.set('t', 'via token', { namespace: 'tokens' });
    expect((await http.get('/api/v1/configs/t?namespace=tokens')).json.updated_by).toBe('admin');

    const nowhere = `http://127.0.0.1:${await freePort()}`;
    const started = Date.now();
    const failure = await loadConfig({ baseUrl: nowhere, apiKey: 'k', timeoutMs: 800 }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(UnavailableError);
    expect((failure as Error).message).toMatch(/could not load configuration from http:\/\/127\.0\.0\.1:\d+ in 800 ms: .*ECONNREFUSED.*no snapshot/);
    expect(Date.now() - started).toBeLessThan(3_000);
    const refused = await loadConfig({ baseUrl: target.baseUrl, apiKey: 'csk_wrong-key-0123456789', timeoutMs: 5_000 }).catch((error: unknown) => error);
    // A refused key is the caller's to fix: its own typed error, not an UnavailableError.
    expect(refused).toBeInstanceOf(UnauthorizedError);
    expect(refused).toMatchObject({ code: 'unauthorized', status: 401 });
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncLocalStorage, executionAsyncResource } from 'node:async_hooks';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readServerConfig } from '../config/server-config';
import { startServer, type RunningServer } from '../create-server';

/*
 * On Node 20 the first AsyncLocalStorage that runs turns on promise hooks for every promise of
 * the process, for good: about a fifth of a write's CPU (write-cost with and without). The
 * server uses none, nor any MikroORM call that runs one (em.transactional, flush).
 */

/** Whether promise hooks are on: with them, each promise continuation runs as its own resource. */
async function promiseHooksOn(): Promise<boolean> {
  await null;
  const first = executionAsyncResource();
  await null;
  return executionAsyncResource() !== first;
}

const ADMIN_KEY = 'csk_promise-hooks-admin-key-0123456789';

describe('serving every kind of request', () => {
  let server: RunningServer;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'cs-hooks-'));
    server = await startServer(readServerConfig({ CONFIG_SERVICE_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY }), pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: { 'x-api-key': ADMIN_KEY, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
  };

  it('leaves promise hooks off', async () => {
    expect(await promiseHooksOn()).toBe(false);

    const statuses: number[] = [];
    const step = async (method: string, path: string, body?: unknown) => {
      const answer = await call(method, path, body);
      statuses.push(answer.status);
      return answer.json;
    };
    await step('PUT', '/api/v1/configs/a?namespace=hooks', { value: 1 });
    await step('PUT', '/api/v1/configs/a?namespace=hooks', { value: 2 });
    await step('POST', '/api/v1/configs', { namespace: 'hooks', key: 'b', value: { on: true } });
    await step('GET', '/api/v1/configs/a?namespace=hooks');
    await step('GET', '/api/v1/configs/a?namespace=hooks');
    await step('GET', '/api/v1/configs/namespace/hooks');
    await step('GET', '/api/v1/configs/a/history?namespace=hooks');
    await step('POST', '/api/v1/configs/a/rollback?namespace=hooks', { version: 1 });
    await step('GET', '/api/v1/namespaces');
    await step('PUT', '/api/v1/configs/b/schema?namespace=hooks', { schema: { type: 'object' } });
    await step('GET', '/api/v1/schemas?namespace=hooks');
    await step('DELETE', '/api/v1/configs/b/schema?namespace=hooks');
    const key = await step('POST', '/api/v1/apikeys', { name: 'reader', roles: ['reader'] });
    await step('GET', '/api/v1/apikeys');
    await step('DELETE', `/api/v1/apikeys/${String(key?.id)}`);
    await step('POST', '/api/v1/auth/token', {});
    await step('GET', '/api/v1/audit');
    await step('DELETE', '/api/v1/configs/b?namespace=hooks');
    expect(statuses).toEqual([201, 200, 201, 200, 200, 200, 200, 200, 200, 201, 200, 204, 201, 200, 204, 200, 200, 204]);

    expect(await promiseHooksOn()).toBe(false);

    // And the probe sees them when a storage has run.
    const storage = new AsyncLocalStorage<number>();
    await storage.run(1, () => Promise.resolve());
    expect(await promiseHooksOn()).toBe(true);
    storage.disable();
  });
});

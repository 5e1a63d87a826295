import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { setupServer } from 'msw/node';
import { WebSocket as WsWebSocket } from 'ws';
import { createConfigMock, DEFAULT_ADMIN_KEY } from '@config-service/msw';
import { createClient, type ConfigChange, type ConfigClient } from '@config-service/browser';
import { MSW_BASE_URL } from '../harness/targets';
import { waitFor } from '../harness/wait-for';

/*
 * What the msw-dev example does, without a browser: @config-service/browser against the MSW
 * mock with no server. The SDK lists, watches over the global WebSocket (which MSW intercepts)
 * with an access token it exchanged its key for, writes, and recovers from a mock reset (4010).
 */

const mock = createConfigMock({ baseUrl: MSW_BASE_URL, seed: [{ namespace: 'web', key: 'banner.text', value: 'hello' }] });
const server = setupServer(...mock.handlers);

// MSW intercepts the global WebSocket class only. Node 22 has one; Node 20 has it behind
// --experimental-websocket, which the integration workers do not get, so this file gives it
// one (any class will do: MSW replaces it with its own while listening).
const hadWebSocket = 'WebSocket' in globalThis;
let client: ConfigClient | undefined;

beforeAll(() => {
  if (!hadWebSocket) Object.defineProperty(globalThis, 'WebSocket', { value: WsWebSocket, configurable: true, writable: true });
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(async () => {
  await client?.close();
  client = undefined;
  await mock.reset();
});
afterAll(() => {
  server.close();
  if (!hadWebSocket) delete (globalThis as { WebSocket?: unknown }).WebSocket;
});

describe('@config-service/browser on the MSW mock', () => {
  it('reads the seed, receives a change made elsewhere through the watch, and writes', async () => {
    client = createClient({ baseUrl: MSW_BASE_URL, apiKey: DEFAULT_ADMIN_KEY, namespaces: ['web'] });
    await client.ready();
    expect(client.get('banner.text', { namespace: 'web' })).toBe('hello');
    expect(mock.openWatches()).toBe(1);

    const changes: ConfigChange[] = [];
    client.subscribe({ namespace: 'web' }, (change) => changes.push(change));
    const revision = (await mock.store.put('another-team', 'web', 'banner.text', { value: 'hello again' })).entry.revision;
    await waitFor('the change through the watch', async () => changes.length > 0, 5_000, 10);
    expect(changes[0]).toMatchObject({ key: 'banner.text', value: 'hello again', previousValue: 'hello', version: 2, revision, source: 'watch' });
    expect(client.get('banner.text', { namespace: 'web' })).toBe('hello again');

    expect(await client.set('theme', 'dark', { namespace: 'web' })).toMatchObject({ version: 1, updated_by: 'admin' });
    expect((await mock.store.get('web', 'theme')).valueJson).toBe('"dark"');
    const audit = mock.audit.list({ limit: 10, action: 'token_issued' });
    expect(audit.items.length).toBeGreaterThanOrEqual(1);
  });

  it('lists again after the mock is reset (4010) and converges on the seed', async () => {
    client = createClient({ baseUrl: MSW_BASE_URL, apiKey: DEFAULT_ADMIN_KEY, namespaces: ['web'], backoff: { initialDelayMs: 10, maxDelayMs: 50 } });
    await client.ready();
    await mock.store.put('someone', 'web', 'banner.text', { value: 'before reset' });
    await waitFor('the change before the reset', async () => client!.get('banner.text', { namespace: 'web' }) === 'before reset', 5_000, 10);

    await mock.reset();
    await mock.store.put('someone', 'web', 'after.reset', { value: true });
    await waitFor('the state after the reset', async () => client!.get('after.reset', { namespace: 'web' }) === true, 10_000, 20);
    expect(client.get('banner.text', { namespace: 'web' })).toBe('hello');
    await waitFor('the new watch', async () => mock.openWatches() === 1, 5_000, 10);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { setupServer } from 'msw/node';
import { createConfigMock } from '@config-service/msw';
import { VersionConflictError, createClient, type ConfigChange } from './index';

// A service's tests need no server: @config-service/msw serves the whole contract in memory and
// MSW intercepts fetch and the global WebSocket (webSocket: 'global').
const mock = createConfigMock({
  baseUrl: 'http://config.test',
  seed: [{ namespace: 'payments', key: 'stripe.timeout_ms', value: 3000 }],
});
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

// The unit project runs with --experimental-websocket on Node 20 (vitest.config.ts).
describe('@config-service/node against the MSW mock', () => {
  it('reads, follows a change made elsewhere, and writes with compare-and-set', async () => {
    const client = createClient({ baseUrl: mock.baseUrl, apiKey: mock.adminKey!, namespaces: ['payments'], webSocket: 'global' });
    try {
      await client.ready();
      expect(client.get('stripe.timeout_ms')).toBe(3000);
      const changes: ConfigChange[] = [];
      client.subscribe('stripe.timeout_ms', (change) => changes.push(change));

      await mock.store.put('another-service', 'payments', 'stripe.timeout_ms', { value: 3500 });
      await vi.waitFor(() => expect(changes.map((change) => change.value)).toEqual([3500]));
      expect(changes[0]).toMatchObject({ version: 2, source: 'watch' });

      await client.set('stripe.timeout_ms', 4000, { ifVersion: 2 });
      expect(client.get('stripe.timeout_ms')).toBe(4000);
      await expect(client.set('stripe.timeout_ms', 1, { ifVersion: 2 })).rejects.toBeInstanceOf(VersionConflictError);
    } finally {
      await client.close();
    }
  });
});

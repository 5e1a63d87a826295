import { RequestConfigClient, type RequestClientOptions } from '@config-service/client';
import { browserPlatform } from './browser-platform';

export type BrowserRequestClientOptions = Omit<RequestClientOptions, 'mode'> & { mode?: 'request' };

/**
 * A client without background sync, for places with neither a WebSocket nor a long life (edge
 * functions): each read is a GET through an LRU cache with a TTL.
 * @example
 * const client = createRequestClient({ baseUrl: 'https://config.example.com', token: () => fetchMyToken(), cache: { ttlMs: 10_000 } });
 * const timeout = await client.get('stripe.timeout_ms', { namespace: 'payments', default: 3000 });
 */
export function createRequestClient(options: BrowserRequestClientOptions): RequestConfigClient {
  return new RequestConfigClient({ ...options, mode: 'request' }, browserPlatform);
}

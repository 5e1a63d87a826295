import { createConfigClient, type ConfigClient, type LiveClientOptions, type RequestClientOptions, type RequestConfigClient, type SnapshotStore } from '@config-service/client';
import { createFileSnapshotStore } from './file-snapshot-store';
import { globalWebSocketPlatform, nodePlatform } from './node-platform';

/** Options of a live (`stream` or `poll`) client in Node. */
export interface NodeClientOptions extends Omit<LiveClientOptions, 'snapshotStore'> {
  /**
   * Keep the synced state in this file (written atomically after each sync), so a process
   * that starts while the server is down serves it (status `stale`). A path, or a custom store.
   * @default no snapshot
   */
  snapshot?: string | SnapshotStore;
  /**
   * `'ws'`: the `ws` package, with the API key as a header. `'global'`: the global WebSocket,
   * which MSW can intercept (tests against @config-service/msw); it authenticates with an
   * access token.
   * @default 'ws'
   */
  webSocket?: 'ws' | 'global';
}

export type NodeRequestClientOptions = RequestClientOptions;

/**
 * A config-service client for Node.
 * @example
 * const client = createClient({ baseUrl: 'http://localhost:8080', apiKey: process.env.CONFIG_KEY, namespaces: ['payments'] });
 * await client.ready();
 * client.get('stripe.timeout_ms', { default: 3000 });
 */
export function createClient(options: NodeRequestClientOptions): RequestConfigClient;
export function createClient(options: NodeClientOptions): ConfigClient;
export function createClient(options: NodeClientOptions | NodeRequestClientOptions): ConfigClient | RequestConfigClient {
  if (options.mode === 'request') return createConfigClient(options, nodePlatform);
  const { snapshot, webSocket = 'ws', ...rest } = options;
  const snapshotStore = typeof snapshot === 'string' ? createFileSnapshotStore(snapshot) : snapshot;
  return createConfigClient({ ...rest, ...(snapshotStore ? { snapshotStore } : {}) }, webSocket === 'global' ? globalWebSocketPlatform : nodePlatform);
}

import { ConfigClient, type LiveClientOptions, type SnapshotStore } from '@config-service/client';
import { browserPlatform } from './browser-platform';
import { createLocalStorageSnapshotStore } from './local-storage-snapshot-store';

/** Options of a live (`stream` or `poll`) client in a browser. */
export interface BrowserClientOptions extends Omit<LiveClientOptions, 'snapshotStore'> {
  /**
   * Keep the synced state in localStorage so that a reload while offline still has values
   * (status `stale`): `true` for the default key, a key of your own, or a custom store.
   * @default no snapshot
   */
  snapshot?: boolean | string | SnapshotStore;
}

/**
 * A config-service client for browsers, kept live over a WebSocket (`stream`) or by polling.
 * With `apiKey` it exchanges the key for short-lived access tokens (`POST /api/v1/auth/token`)
 * and renews them before they expire; `token` takes tokens your app already has. The
 * per-request mode is `createRequestClient`, a separate import so that a live client's bundle
 * does not carry its cache.
 * @example
 * const client = createClient({ baseUrl: 'https://config.example.com', token: () => fetchMyToken(), namespaces: ['web'] });
 */
export function createClient(options: BrowserClientOptions): ConfigClient {
  const { snapshot, ...rest } = options;
  const snapshotStore =
    snapshot === true ? createLocalStorageSnapshotStore() : typeof snapshot === 'string' ? createLocalStorageSnapshotStore(snapshot) : snapshot || undefined;
  return new ConfigClient({ ...rest, ...(snapshotStore ? { snapshotStore } : {}) }, browserPlatform).start();
}

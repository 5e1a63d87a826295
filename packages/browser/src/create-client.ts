import { createConfigClient, type ConfigClient, type LiveClientOptions, type RequestClientOptions, type RequestConfigClient, type SnapshotStore } from '@config-service/client';
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

export type BrowserRequestClientOptions = RequestClientOptions;

/**
 * A config-service client for browsers. With `apiKey` it exchanges the key for short-lived
 * access tokens (`POST /api/v1/auth/token`) and renews them before they expire; `token`
 * takes tokens your app already has.
 * @example
 * const client = createClient({ baseUrl: 'https://config.example.com', token: () => fetchMyToken(), namespaces: ['web'] });
 */
export function createClient(options: BrowserRequestClientOptions): RequestConfigClient;
export function createClient(options: BrowserClientOptions): ConfigClient;
export function createClient(options: BrowserClientOptions | BrowserRequestClientOptions): ConfigClient | RequestConfigClient {
  if (options.mode === 'request') return createConfigClient(options, browserPlatform);
  const { snapshot, ...rest } = options;
  const snapshotStore =
    snapshot === true ? createLocalStorageSnapshotStore() : typeof snapshot === 'string' ? createLocalStorageSnapshotStore(snapshot) : snapshot || undefined;
  return createConfigClient({ ...rest, ...(snapshotStore ? { snapshotStore } : {}) }, browserPlatform);
}

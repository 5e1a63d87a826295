import type { SnapshotStore } from '@config-service/client';

/** The part of the DOM `Storage` used here (no DOM typings needed for server-side rendering). */
interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** The localStorage key used when `snapshot: true`. */
export const DEFAULT_SNAPSHOT_KEY = 'config-service:snapshot';

/**
 * A snapshot in `localStorage` (one `setItem` replaces it whole). Where there is no storage
 * (server-side rendering, some private modes) it keeps nothing and loads nothing.
 * @example
 * createClient({ baseUrl, apiKey, snapshot: createLocalStorageSnapshotStore('my-app:config') });
 */
export function createLocalStorageSnapshotStore(key: string = DEFAULT_SNAPSHOT_KEY): SnapshotStore {
  const storage = (): StorageLike | undefined => {
    try {
      return (globalThis as unknown as { localStorage?: StorageLike }).localStorage;
    } catch {
      // Reading localStorage throws where storage is disabled.
      return undefined;
    }
  };
  return {
    location: `localStorage["${key}"]`,
    async load() {
      return storage()?.getItem(key) ?? null;
    },
    async save(text) {
      storage()?.setItem(key, text);
    },
  };
}

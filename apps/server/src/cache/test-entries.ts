import type { StoredEntry } from '@config-service/contract';

/** An entry at `revision`, for the cache tests. */
export function entryAt(revision: number, version = revision): StoredEntry {
  const at = new Date(1_700_000_000_000 + revision);
  return { namespace: 'ns', key: 'k', valueJson: `{"v":${version}}`, metadataJson: null, secret: false, version, revision, deleted: false, createdAt: at, updatedAt: at, updatedBy: 'tester' };
}

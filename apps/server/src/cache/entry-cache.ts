import type { StoredEntry } from '@config-service/contract';

/**
 * What a cache holds for one key. `entry` null is a marker: "a change at `revision` exists, so
 * anything older is stale" — it makes the next read go to the database, and keeps a slow
 * reader from putting an older entry back.
 */
export interface CacheSlot {
  revision: number;
  entry: StoredEntry | null;
}

/** True when `next` may replace `current`: a newer revision, or the entry for a marker's revision. */
export function supersedes(next: CacheSlot, current: CacheSlot | undefined): boolean {
  if (!current) return true;
  if (next.revision !== current.revision) return next.revision > current.revision;
  return current.entry === null && next.entry !== null;
}

/** A marker for a change, for caches that learn of it without the full entry. */
export function markerFor(revision: number): CacheSlot {
  return { revision, entry: null };
}

import type { CommittedChange } from '@config-service/contract';
import type { ChangeHub } from './change-hub';
import type { ChangeBus } from './change-bus';
import type { ChangeLogStore } from '../storage/change-log-store';
import { markerFor } from '../cache/entry-cache';
import type { LruEntryCache } from '../cache/lru-entry-cache';
import type { RedisEntryCache } from '../cache/redis-entry-cache';

export interface CacheSyncOptions {
  hub: ChangeHub;
  bus: ChangeBus;
  log: ChangeLogStore;
  local: LruEntryCache;
  shared?: RedisEntryCache | undefined;
  /** How often a Redis that missed markers is repaired once it is back. @default 1000 */
  repairIntervalMs?: number;
}

/**
 * The one path that updates the caches after a commit; the read-through cache only fills them
 * on a miss. A change committed here is a marker in this process's tier at once (`committed`,
 * before the write answers, so the writer reads its own write); every change the hub
 * dispatches (in revision order, gaps filled from the database, any replica's) becomes a
 * marker in both tiers, so no tier serves an entry older than a change this replica has seen. Markers Redis could not take (it was down) are
 * written again from the change log when it is back — also after a restart that emptied it,
 * when a slow reader may have put an old entry into the empty cache.
 */
export class CacheSync {
  private dirtyFrom: number | undefined;
  private repairing = false;
  private readonly stops: (() => void)[] = [];

  constructor(private readonly options: CacheSyncOptions) {}

  start(): void {
    const { hub, bus, local, shared } = this.options;
    this.stops.push(
      hub.subscribe((change) => {
        const marker = markerFor(change.revision);
        local.offer(change.namespace, change.key, marker);
        if (!shared) return;
        if (!shared.available) return this.markDirty(change.revision);
        shared.offer(change.namespace, change.key, marker).catch(() => this.markDirty(change.revision));
      }),
    );
    if (shared) {
      this.stops.push(bus.onResync(() => void this.repair()));
      const timer = setInterval(() => void this.repair(), this.options.repairIntervalMs ?? 1000);
      timer.unref();
      this.stops.push(() => clearInterval(timer));
    }
  }

  /** A change this replica just committed (from the change feed, before the write answers). */
  committed(change: CommittedChange): void {
    this.options.local.offer(change.namespace, change.key, markerFor(change.revision));
  }

  stop(): void {
    for (const stop of this.stops.splice(0)) stop();
  }

  private markDirty(revision: number): void {
    this.dirtyFrom = Math.min(this.dirtyFrom ?? revision, revision);
  }

  private async repair(): Promise<void> {
    const shared = this.options.shared;
    if (this.repairing || this.dirtyFrom === undefined || !shared?.available) return;
    this.repairing = true;
    let after = this.dirtyFrom - 1;
    this.dirtyFrom = undefined;
    try {
      for (;;) {
        const changes = await this.options.log.changesSince(after, 1000);
        for (const change of changes) {
          await shared.offer(change.namespace, change.key, markerFor(change.revision));
          after = change.revision;
        }
        if (changes.length < 1000) break;
      }
    } catch {
      this.markDirty(after + 1);
    } finally {
      this.repairing = false;
    }
  }
}

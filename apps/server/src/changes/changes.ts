import { ChangeFeed } from '@config-service/contract';
import type { ChangeLogStore } from '../storage/change-log-store';
import type { RedisConnections } from '../redis/redis-connections';
import type { LruEntryCache } from '../cache/lru-entry-cache';
import type { RedisEntryCache } from '../cache/redis-entry-cache';
import type { BusDelivery, ChangeBus } from './change-bus';
import { RedisChangeBus } from './redis-change-bus';
import { InProcessChangeBus } from './in-process-change-bus';
import { ChangeHub } from './change-hub';
import { CacheSync } from './cache-sync';

export interface ChangesOptions {
  /** The committed changes in the database: what fills the gaps the bus leaves. */
  log: ChangeLogStore;
  /** Fan-out to other replicas through Redis; without it, this process only. */
  redis?: { connections: RedisConnections; prefix: string } | undefined;
  local: LruEntryCache;
  shared?: RedisEntryCache | undefined;
  pollIntervalMs: number;
  /** Each bus delivery (for the fan-out lag metric). */
  onDelivery?: (delivery: BusDelivery) => void;
  onError: (error: unknown) => void;
}

/** The changes room, assembled: `feed` goes to the engine, `hub` to the watch server. */
export interface Changes {
  feed: ChangeFeed;
  bus: ChangeBus;
  hub: ChangeHub;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Where a committed change goes, all of it in this one place.
 *
 * 1. The engine announces it on `feed`, right after its transaction committed:
 *    - CacheSync marks it in this process's cache tier at once, so the writer reads its write;
 *    - the bus publishes it to every replica (Redis), this one included (at the end of the turn).
 * 2. Each replica's hub takes it from the bus (and from the change log for anything the bus
 *    lost) and dispatches it once, in revision order, to:
 *    - CacheSync: a marker in both cache tiers (the one path caches learn of commits);
 *    - the watch server (it subscribes to `hub` itself, see watch/watch-server.ts);
 *    - and, from the bus directly, `onDelivery` (the fan-out lag metric).
 */
export function createChanges(options: ChangesOptions): Changes {
  const { log, redis } = options;
  const feed = new ChangeFeed();
  const bus: ChangeBus = redis
    ? new RedisChangeBus({ publisher: redis.connections.commands, subscriber: redis.connections.subscriber, channel: `${redis.prefix}changes` })
    : new InProcessChangeBus();
  const hub = new ChangeHub({ log, bus, pollIntervalMs: options.pollIntervalMs, onError: options.onError });
  const cacheSync = new CacheSync({ hub, bus, log, local: options.local, shared: options.shared });

  feed.subscribe((change) => cacheSync.committed(change));
  feed.subscribe((change) => bus.publish(change));
  const onDelivery = options.onDelivery;
  if (onDelivery) bus.subscribe(onDelivery);

  return {
    feed,
    bus,
    hub,
    async start() {
      cacheSync.start();
      await hub.start();
    },
    async stop() {
      hub.stop();
      cacheSync.stop();
      await bus.close();
    },
  };
}

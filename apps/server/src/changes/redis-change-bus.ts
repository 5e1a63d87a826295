import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CommittedChange } from '@config-service/contract';
import { deliverTo, type BusListener, type ChangeBus } from './change-bus';
import { decodeChangeMessage, encodeChangeMessage } from './change-message';
import { wallClockMs } from './wall-clock';

export interface RedisChangeBusOptions {
  /** For PUBLISH (and the health probe). May be shared with the cache. */
  publisher: Redis;
  /** A connection of its own: a subscribed Redis connection can do nothing else. */
  subscriber: Redis;
  /**
   * The pub/sub channel; deployments sharing one Redis use different prefixes.
   * @default 'config-service:changes'
   */
  channel?: string;
  /** Tells this replica's own messages apart. @default a random UUID */
  replicaId?: string;
}

/**
 * Cross-replica fan-out over Redis pub/sub. A replica's own changes reach its listeners at once
 * (not through Redis); others' arrive from the channel. Pub/sub keeps nothing for a replica
 * that is disconnected, so every reconnection raises a resync and listeners catch up from the
 * change log.
 */
export class RedisChangeBus implements ChangeBus {
  private readonly listeners = new Set<BusListener>();
  private readonly resyncListeners = new Set<() => void>();
  private readonly channel: string;
  private readonly replicaId: string;
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly onMessage = (channel: string, message: string) => this.receive(channel, message);
  private readonly onReady = () => void this.resubscribe();

  constructor(options: RedisChangeBusOptions) {
    this.publisher = options.publisher;
    this.subscriber = options.subscriber;
    this.channel = options.channel ?? 'config-service:changes';
    this.replicaId = options.replicaId ?? randomUUID();
    this.subscriber.on('message', this.onMessage);
    this.subscriber.on('ready', this.onReady);
    if (this.subscriber.status === 'ready') void this.resubscribe();
  }

  publish(change: CommittedChange): void {
    const publishedAt = wallClockMs();
    // Lost while Redis is down: other replicas find the change in the log within a poll.
    this.publisher.publish(this.channel, encodeChangeMessage(this.replicaId, change, publishedAt)).catch(() => undefined);
    setImmediate(() => deliverTo(this.listeners, { change, origin: 'local', publishedAt }));
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  async probe(): Promise<void> {
    if (this.subscriber.status !== 'ready') throw new Error(`the Redis subscriber is ${this.subscriber.status}`);
    await this.publisher.ping();
  }

  async close(): Promise<void> {
    this.subscriber.off('message', this.onMessage);
    this.subscriber.off('ready', this.onReady);
    this.listeners.clear();
    this.resyncListeners.clear();
  }

  private async resubscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
    } catch {
      // The next 'ready' tries again.
      return;
    }
    for (const listener of this.resyncListeners) {
      try {
        listener();
      } catch {
        // Each resync listener stands alone.
      }
    }
  }

  private receive(channel: string, message: string): void {
    if (channel !== this.channel) return;
    const decoded = decodeChangeMessage(message);
    if (!decoded || decoded.origin === this.replicaId) return;
    deliverTo(this.listeners, { change: decoded.change, origin: 'remote', publishedAt: decoded.publishedAt });
  }
}

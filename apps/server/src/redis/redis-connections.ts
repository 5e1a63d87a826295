import type { Redis, RedisOptions } from 'ioredis';
import type { Logger } from 'pino';

export interface RedisConnections {
  /** Commands: the shared cache and PUBLISH. */
  commands: Redis;
  /** SUBSCRIBE only: a subscribed connection can do nothing else. */
  subscriber: Redis;
  close(): Promise<void>;
}

/*
 * Redis must never hold a request up: with the offline queue off, a command while Redis is down
 * fails at once and the caller reads the database instead; a hung Redis times out. ioredis keeps
 * reconnecting in the background, so everything recovers by itself when Redis is back.
 */
const options: RedisOptions = {
  enableOfflineQueue: false,
  maxRetriesPerRequest: 1,
  commandTimeout: 500,
  connectTimeout: 2000,
  retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  // The bus subscribes again itself on every 'ready' and then catches up from the change log.
  autoResubscribe: false,
};

/**
 * Opens the two connections a replica needs; the server starts (degraded) even if Redis is down.
 * ioredis is loaded here, so a server without REDIS_URL starts without it.
 */
export async function openRedisConnections(url: string, logger: Logger): Promise<RedisConnections> {
  const { Redis } = await import('ioredis');
  const commands = new Redis(url, { ...options, connectionName: 'config-service' });
  const subscriber = new Redis(url, { ...options, connectionName: 'config-service-sub' });
  for (const [role, client] of [['commands', commands], ['subscriber', subscriber]] as const) {
    let down = false;
    client.on('error', (error: Error) => {
      if (!down) logger.warn({ role, err: { message: error.message } }, 'Redis unavailable: serving from the database');
      down = true;
    });
    client.on('ready', () => {
      if (down) logger.info({ role }, 'Redis is back');
      down = false;
    });
  }
  return {
    commands,
    subscriber,
    async close() {
      await Promise.all([commands.quit().catch(() => commands.disconnect()), subscriber.quit().catch(() => subscriber.disconnect())]);
    },
  };
}

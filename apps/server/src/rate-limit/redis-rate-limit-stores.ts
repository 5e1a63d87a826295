import type { Redis } from 'ioredis';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { FallbackRateLimitStore } from './fallback-rate-limit-store';

/** Cluster-wide rate-limit counters in Redis (one store per limit), falling back to memory. */
export function redisRateLimitStores(client: Redis, prefix: string) {
  const store = (name: string) =>
    new FallbackRateLimitStore(
      new RedisStore({
        sendCommand: (command: string, ...args: string[]) => client.call(command, ...args) as Promise<RedisReply>,
        prefix: `${prefix}ratelimit:${name}:`,
      }),
    );
  return { store: store('api'), tokenStore: store('token'), authStore: store('auth-failures') };
}

import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** Where counts live cluster-wide: this Redis, under this key prefix. */
export interface RedisCounts {
  client: Redis;
  prefix: string;
}

export interface RateLimiterOptions {
  /** Requests per minute for one credential (or one address without a credential). */
  perMinute: number;
  /** Failed `POST /auth/token` attempts per minute from one address: slows key guessing. */
  tokenFailuresPerMinute: number;
  /** Counts live in this Redis when given, cluster-wide; in this process otherwise. */
  redis?: RedisCounts;
}

/** The two limits of the API; the HTTP steps in http/middleware/rate-limits.ts apply them. */
export interface RateLimiters {
  /** Every API request, per credential. */
  api: RateLimiterAbstract;
  /** Failed token exchanges, per address. */
  token: RateLimiterAbstract;
}

/** Every limit counts in fixed windows of this length. */
export const WINDOW_SECONDS = 60;

/**
 * With Redis, a Redis that is down or not ready must not fail requests: each limiter counts in
 * this process meanwhile (its insurance limiter), so limits loosen to per replica during an
 * outage and are cluster-wide again once Redis is back, with nothing to re-arm (the client's
 * offline queue is off, so a command while Redis is down fails at once).
 */
export function createRateLimiters(options: RateLimiterOptions): RateLimiters {
  return {
    api: countingLimiter('api', options.perMinute, options.redis),
    token: countingLimiter('token', options.tokenFailuresPerMinute, options.redis),
  };
}

/** `points` per minute under `name`, in `redis` when given (see above), in this process otherwise. */
export function countingLimiter(name: string, points: number, redis?: RedisCounts): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points, duration: WINDOW_SECONDS, keyPrefix: name });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis.client,
    keyPrefix: `${redis.prefix}ratelimit:${name}`,
    points,
    duration: WINDOW_SECONDS,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

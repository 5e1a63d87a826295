import type { IncomingMessage } from 'node:http';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '@config-service/core';
import { apiKeyPrefix } from '@config-service/contract';
import { headerOf } from '../http/pipeline';
import { addressKey } from '../http/middleware/rate-limits';
import { WINDOW_SECONDS, countingLimiter, type RedisCounts } from './rate-limiters';

const WINDOW_MS = WINDOW_SECONDS * 1000;

export interface FailedAuthLimiterOptions {
  /** Failed authentications per minute from one address, and against one key prefix. */
  perMinute: number;
  /** Counts live in this Redis when given (the limit is cluster-wide); in this process otherwise. */
  redis?: RedisCounts;
}

/**
 * Slows key guessing on every route and the watch upgrade: only failures (401) count, per
 * client address and per presented key prefix, and once a count is over the limit the request
 * is refused (429) before any credential is looked at. Unlike a request limit, checking costs one
 * counter read and successful requests never count, so a busy legitimate client is not slowed.
 */
export class FailedAuthLimiter {
  private readonly limiter: RateLimiterAbstract;
  /** When this process last counted a failure (epoch ms); -Infinity: never. */
  private lastFailureAt = -Infinity;

  constructor(private readonly options: FailedAuthLimiterOptions) {
    this.limiter = countingLimiter('auth-failures', options.perMinute, options.redis);
  }

  /**
   * Rejects with 429 `rate_limited` (with the seconds to wait) when this request's address or
   * key prefix is over the limit; undefined when that is known at once. Counted in this process
   * alone, no count can be over the limit a window after the last failure this process counted
   * (each expires at most one window after it was first counted), so the counters are not read.
   */
  check(req: IncomingMessage): Promise<void> | undefined {
    if (!this.options.redis && Date.now() - this.lastFailureAt > WINDOW_MS + 1000) return undefined;
    return this.checkCounts(req);
  }

  private async checkCounts(req: IncomingMessage): Promise<void> {
    for (const key of this.keysOf(req)) {
      const state = await this.limiter.get(key);
      if (state && state.consumedPoints >= this.options.perMinute) {
        const retryAfter = Math.max(1, Math.ceil(state.msBeforeNext / 1000));
        throw new RateLimitedError(`too many failed authentications; retry in ${retryAfter} s`, retryAfter);
      }
    }
  }

  /** Counts a failed authentication of this request. */
  recordFailure(req: IncomingMessage): void {
    this.lastFailureAt = Date.now();
    // penalty() counts without refusing: the refusal is check()'s, before the next lookup.
    for (const key of this.keysOf(req)) void this.limiter.penalty(key, 1).catch(() => undefined);
  }

  private keysOf(req: IncomingMessage): string[] {
    const keys = [addressKey(req)];
    const apiKey = headerOf(req, 'x-api-key');
    if (apiKey) keys.push(`prefix:${apiKeyPrefix(apiKey)}`);
    return keys;
  }
}

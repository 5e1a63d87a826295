import type { IncomingMessage } from 'node:http';
import { ipKeyGenerator, MemoryStore, type Options, type Store } from 'express-rate-limit';
import { RateLimitedError } from '@config-service/core';
import { apiKeyPrefix } from '@config-service/contract';
import { headerOf } from '../http/pipeline';

export interface FailedAuthLimiterOptions {
  /** Failed authentications per minute from one address, and against one key prefix. */
  perMinute: number;
  /** Where counts live: in memory by default; a shared store (Redis) makes the limit cluster-wide. */
  store?: Store;
}

const WINDOW_MS = 60_000;

/**
 * Slows key guessing on every route and the watch upgrade: only failures (401) count, per
 * client address and per presented key prefix, and once a count is over the limit the request
 * is refused (429) before any credential is looked at. Unlike a request limit, checking costs one
 * counter read and successful requests never count, so a busy legitimate client is not slowed.
 */
export class FailedAuthLimiter {
  private readonly store: Store;

  constructor(private readonly options: FailedAuthLimiterOptions) {
    this.store = options.store ?? new MemoryStore();
    void this.store.init?.({ windowMs: WINDOW_MS } as Options);
  }

  /** Throws 429 `rate_limited` (with the seconds to wait) when this request's address or key prefix is over the limit. */
  async check(req: IncomingMessage): Promise<void> {
    for (const key of this.keysOf(req)) {
      const info = await this.store.get?.(key);
      if (info && info.totalHits >= this.options.perMinute) {
        const retryAfter = info.resetTime ? Math.max(1, Math.ceil((info.resetTime.getTime() - Date.now()) / 1000)) : 60;
        throw new RateLimitedError(`too many failed authentications; retry in ${retryAfter} s`, retryAfter);
      }
    }
  }

  /** Counts a failed authentication of this request. */
  recordFailure(req: IncomingMessage): void {
    for (const key of this.keysOf(req)) void Promise.resolve(this.store.increment(key)).catch(() => undefined);
  }

  private keysOf(req: IncomingMessage): string[] {
    const keys = [`ip:${ipKeyGenerator(req.socket.remoteAddress ?? '')}`];
    const apiKey = headerOf(req, 'x-api-key');
    if (apiKey) keys.push(`prefix:${apiKeyPrefix(apiKey)}`);
    return keys;
  }
}

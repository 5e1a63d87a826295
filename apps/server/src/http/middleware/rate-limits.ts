import { createHash } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit, type Store } from 'express-rate-limit';
import { RateLimitedError } from '@config-service/core';

export interface RateLimitOptions {
  /** Requests per minute for one credential (or one address without a credential). */
  perMinute: number;
  /** Failed `POST /auth/token` attempts per minute from one address: slows key guessing. */
  tokenFailuresPerMinute: number;
  /** Where counts live: in memory by default; a shared store (Redis) makes the limit cluster-wide. */
  store?: Store;
  tokenStore?: Store;
}

/** Counts per credential, never storing it: a digest of the key or token, else the address. */
function credentialKey(req: Request): string {
  const credential = req.get('x-api-key') ?? req.get('authorization');
  return credential ? `c:${createHash('sha256').update(credential).digest('base64url')}` : `ip:${ipKeyGenerator(req.ip ?? '')}`;
}

const refuse: RequestHandler = (req, _res, next) => {
  const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const retryAfter = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
  next(new RateLimitedError(`too many requests; retry in ${retryAfter} s`, retryAfter));
};

/** Per-credential limit for every API request; 429 `rate_limited` with Retry-After. */
export function apiRateLimit(options: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: credentialKey,
    handler: refuse,
    ...(options.store ? { store: options.store } : {}),
  });
}

/** The stricter limit on `/auth/token`: only failed attempts count, per address. */
export function tokenRateLimit(options: RateLimitOptions): RequestHandler {
  return rateLimit({
    windowMs: 60_000,
    limit: options.tokenFailuresPerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    skipSuccessfulRequests: true,
    keyGenerator: (req) => `ip:${ipKeyGenerator(req.ip ?? '')}`,
    handler: refuse,
    ...(options.tokenStore ? { store: options.tokenStore } : {}),
  });
}

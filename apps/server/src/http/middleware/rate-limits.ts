import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ipKeyGenerator, rateLimit, type Options, type Store } from 'express-rate-limit';
import { RateLimitedError } from '@config-service/core';
import type { Step } from '../pipeline';
import { headerOf } from '../pipeline';
import type { FailedAuthLimiter } from '../../rate-limit/failed-auth-limiter';

export interface RateLimitOptions {
  /** Requests per minute for one credential (or one address without a credential). */
  perMinute: number;
  /** Failed `POST /auth/token` attempts per minute from one address: slows key guessing. */
  tokenFailuresPerMinute: number;
  /** Where counts live: in memory by default; a shared store (Redis) makes the limit cluster-wide. */
  store?: Store;
  tokenStore?: Store;
}

/** The client's address: the socket's, as 'trust proxy' is off (Express's req.ip would say the same). */
function addressKey(req: IncomingMessage): string {
  return `ip:${ipKeyGenerator(req.socket.remoteAddress ?? '')}`;
}

/** Counts per credential, never storing it: a digest of the key or token, else the address. */
function credentialKey(req: IncomingMessage): string {
  const credential = headerOf(req, 'x-api-key') ?? headerOf(req, 'authorization');
  return credential ? `c:${createHash('sha256').update(credential).digest('base64url')}` : addressKey(req);
}

function refuse(req: IncomingMessage, _res: ServerResponse, next: (error?: unknown) => void): void {
  const reset = (req as IncomingMessage & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
  const retryAfter = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : 60;
  next(new RateLimitedError(`too many requests; retry in ${retryAfter} s`, retryAfter));
}

/*
 * express-rate-limit runs here on node's request as well as Express's (the fast read path): its
 * keys come from the functions above, and the checks that read Express's settings (request.ip,
 * 'trust proxy') are off because the keys do not depend on them.
 */
const common: Partial<Options> = {
  windowMs: 60_000,
  // Draft 7's two headers are plain setHeader calls; draft 8 needs Express's res.append.
  standardHeaders: 'draft-7',
  legacyHeaders: false,
  handler: refuse as unknown as Options['handler'],
  validate: { ip: false, trustProxy: false, xForwardedForHeader: false, forwardedHeader: false },
};

/** Per-credential limit for every API request; 429 `rate_limited` with Retry-After. */
export function apiRateLimit(options: RateLimitOptions): Step {
  return rateLimit({
    ...common,
    limit: options.perMinute,
    keyGenerator: credentialKey as unknown as Options['keyGenerator'],
    ...(options.store ? { store: options.store } : {}),
  }) as unknown as Step;
}

/** The stricter limit on `/auth/token`: only failed attempts count, per address. */
export function tokenRateLimit(options: RateLimitOptions): Step {
  return rateLimit({
    ...common,
    limit: options.tokenFailuresPerMinute,
    skipSuccessfulRequests: true,
    keyGenerator: addressKey as unknown as Options['keyGenerator'],
    ...(options.tokenStore ? { store: options.tokenStore } : {}),
  }) as unknown as Step;
}

/** Refuses a request from an address or for a key prefix with too many failed authentications; counts this one if it fails. */
export function failedAuthLimit(limiter: FailedAuthLimiter): Step {
  return async (req, res, next) => {
    await limiter.check(req);
    res.once('finish', () => {
      if (res.statusCode === 401) limiter.recordFailure(req);
    });
    next();
  };
}

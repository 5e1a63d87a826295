import type { IncomingMessage, ServerResponse } from 'node:http';
import { Address6 } from 'ip-address';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimitedError } from '@config-service/core';
import type { Step } from '../pipeline';
import { setResponseHeader } from '../staged-headers';
import { credentialDigest } from '../credential-digest';
import type { FailedAuthLimiter } from '../../rate-limit/failed-auth-limiter';

/**
 * The client's address: the socket's, as 'trust proxy' is off. An IPv6 client counts by its
 * /56 (one site's allocation), or it could take a fresh address per request; an IPv4 client
 * reaching a dual-stack socket (`::ffff:1.2.3.4`) counts by its IPv4 address.
 */
export function addressKey(req: IncomingMessage): string {
  // Every request of a kept-alive connection has the same address: work it out once per socket.
  const socket = req.socket;
  let key = keyOfSocket.get(socket);
  if (key === undefined) {
    key = keyOfAddress(socket.remoteAddress ?? '');
    keyOfSocket.set(socket, key);
  }
  return key;
}

const keyOfSocket = new WeakMap<object, string>();
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

function keyOfAddress(address: string): string {
  // IPv4, plain or mapped, needs no parsing; ip-address's parser costs ~50 µs a call, which on
  // the fast read path was half a request's budget.
  if (!address.includes(':')) return `ip:${address}`;
  const mapped = IPV4_MAPPED.exec(address);
  if (mapped) return `ip:${mapped[1]}`;
  if (!Address6.isValid(address)) return `ip:${address}`;
  const v6 = new Address6(address);
  if (v6.is4()) return `ip:${v6.to4().correctForm()}`;
  return `ip:${new Address6(`${v6.correctForm()}/56`).startAddress().correctForm()}/56`;
}

/** Counts per credential, never storing it: a digest of the key or token, else the address. */
function credentialKey(req: IncomingMessage): string {
  const digest = credentialDigest(req);
  return digest ? `c:${digest}` : addressKey(req);
}

/** The IETF draft-7 headers (`RateLimit`, `RateLimit-Policy`) that the CORS policy exposes. */
function describe(res: ServerResponse, limiter: RateLimiterAbstract, state: RateLimiterRes): void {
  const reset = Math.max(0, Math.ceil(state.msBeforeNext / 1000));
  setResponseHeader(res, 'RateLimit-Policy', `${limiter.points};w=${limiter.duration}`);
  setResponseHeader(res, 'RateLimit', `limit=${limiter.points}, remaining=${Math.max(0, state.remainingPoints)}, reset=${reset}`);
}

/**
 * A refusal is the limiter's `RateLimiterRes` (the typed 429 here); anything else it rejects
 * with is a store failure, which the insurance limiter already absorbs for Redis.
 */
function refusal(limiter: RateLimiterAbstract, res: ServerResponse, rejection: unknown): unknown {
  if (!(rejection instanceof RateLimiterRes)) return rejection;
  describe(res, limiter, rejection);
  const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
  return new RateLimitedError(`too many requests; retry in ${retryAfter} s`, retryAfter);
}

/** Per-credential limit for every API request; 429 `rate_limited` with Retry-After. */
export function apiRateLimit(limiter: RateLimiterAbstract): Step {
  return (req, res, next) => {
    // Both outcomes go on through next(), which takes what the steps after this one throw: the
    // chained promise cannot reject, so it is not handed back for the pipeline to watch.
    void limiter.consume(credentialKey(req)).then(
      (state) => {
        describe(res, limiter, state);
        next();
      },
      (rejection: unknown) => next(refusal(limiter, res, rejection)),
    );
  };
}

/**
 * The stricter limit on `/auth/token`, per address, where only failed attempts count: each
 * attempt takes a point up front (so parallel guesses cannot slip past the count) and a
 * successful one gives it back when its answer is sent.
 */
export function tokenRateLimit(limiter: RateLimiterAbstract): Step {
  return (req, res, next) => {
    const key = addressKey(req);
    return limiter.consume(key).then(
      () => {
        res.once('finish', () => {
          if (res.statusCode < 400) void limiter.reward(key).catch(() => undefined);
        });
        next();
      },
      (rejection: unknown) => next(refusal(limiter, res, rejection)),
    );
  };
}

/** Refuses a request from an address or for a key prefix with too many failed authentications; counts this one if it fails. */
export function failedAuthLimit(limiter: FailedAuthLimiter): Step {
  // One listener function for every response (`this` is the response), not a closure each.
  function countIfRefused(this: ServerResponse): void {
    if (this.statusCode === 401) limiter.recordFailure(this.req);
  }
  const admit = (res: ServerResponse, next: () => void) => {
    res.on('finish', countIfRefused);
    next();
  };
  return (req, res, next) => {
    const checking = limiter.check(req);
    if (!checking) return admit(res, next);
    return checking.then(() => admit(res, next));
  };
}

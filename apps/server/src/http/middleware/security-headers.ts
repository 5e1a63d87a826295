import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import cors from 'cors';
import helmet from 'helmet';
import type { Step } from '../pipeline';
import { setResponseHeader } from '../staged-headers';

/**
 * Security headers on every response; the docs page widens its own CSP for its script. With
 * this configuration helmet's headers do not depend on the request, so helmet runs once here
 * against a recording response and each request gets the recorded list: the same headers,
 * without a dozen middleware calls per request.
 */
export function securityHeaders(): Step {
  const headers = recordHelmetHeaders();
  return (_req, res, next) => {
    for (const [name, value] of headers) setResponseHeader(res, name, value);
    next();
  };
}

function recordHelmetHeaders(): [string, string][] {
  // A response that is never sent: helmet sets its headers on it, and they are read back.
  const req = new IncomingMessage(new Socket());
  const recorder = new ServerResponse(req);
  let called = false;
  helmet()(req, recorder, () => void (called = true));
  const recorded = Object.entries(recorder.getHeaders()).map(([name, value]): [string, string] => [name, String(value)]);
  if (!called || recorded.length === 0) throw new Error('helmet did not run synchronously: its headers cannot be precomputed');
  return recorded;
}

/**
 * CORS for the browser SDK, only for the configured origins. No cookies are used, so
 * credentials mode stays off; the headers the SDK reads and sends are listed.
 */
export function corsPolicy(origins: string[]): Step | null {
  if (origins.length === 0) return null;
  return cors({
    origin: origins.includes('*') ? true : origins,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-API-Key', 'Authorization', 'If-Match', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}

import type { RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';

/** Security headers on every response; the docs page widens its own CSP for its script. */
export function securityHeaders(): RequestHandler {
  return helmet();
}

/**
 * CORS for the browser SDK, only for the configured origins. No cookies are used, so
 * credentials mode stays off; the headers the SDK reads and sends are listed.
 */
export function corsPolicy(origins: string[]): RequestHandler | null {
  if (origins.length === 0) return null;
  return cors({
    origin: origins.includes('*') ? true : origins,
    methods: ['GET', 'POST', 'PUT', 'DELETE'],
    allowedHeaders: ['Content-Type', 'X-API-Key', 'Authorization', 'If-Match', 'If-None-Match', 'X-Request-Id'],
    exposedHeaders: ['ETag', 'Location', 'X-Request-Id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'],
    maxAge: 600,
  });
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import express, { Router } from 'express';
import { NotFoundError } from '@config-service/core';

/**
 * The server's build copies the console (apps/console) into `dist/console`, beside `main.js`, so
 * a deployed server (`pnpm deploy --prod`, the container image) carries it with no extra step.
 */
export const CONSOLE_DIR = fileURLToPath(new URL('./console/', import.meta.url));

// As strict as /docs: scripts only from this server, no inline script. CodeMirror sets styles
// from script, hence 'unsafe-inline' for styles only. The API and its WebSocket are same-origin.
const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** `/console/`: the web console's page and its hashed assets; `/` redirects there. */
export function consoleRoutes(dir: string = CONSOLE_DIR): Router {
  // Strict routing: `/console` and `/console/` are different paths (the first redirects).
  const router = Router({ strict: true });
  const indexPath = join(dir, 'index.html');
  const page = existsSync(indexPath) ? readFileSync(indexPath, 'utf8') : undefined;
  router.get('/', (_req, res) => res.redirect(302, '/console/'));
  router.get('/console', (_req, res) => res.redirect(301, '/console/'));
  // Vite names every asset by its content hash: a changed file is a new URL, so cache for a year.
  router.use('/console/assets', express.static(join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d' }));
  router.get(['/console/', '/console/index.html'], (_req, res) => {
    if (page === undefined) {
      throw new NotFoundError(`the console is not built into this server (no ${indexPath}): run \`pnpm build\``);
    }
    res.setHeader('Content-Security-Policy', CONSOLE_CSP);
    // The page names the current hashed assets, so it is always revalidated.
    res.setHeader('Cache-Control', 'no-cache');
    res.type('text/html').send(page);
  });
  return router;
}

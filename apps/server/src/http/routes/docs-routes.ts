import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { apiReference } from '@scalar/express-api-reference';

const CDN = 'https://cdn.jsdelivr.net';

/** The OpenAPI document and a page that renders it (Scalar, loaded from its CDN by the browser). */
export function docsRoutes(document: object): Router {
  const router = Router();
  const text = JSON.stringify(document);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(text);
  });
  router.get('/docs', (req, res, next) => {
    // The page's own script needs a nonce and its CDN; every other response keeps helmet's strict CSP.
    const nonce = randomBytes(16).toString('base64');
    res.setHeader(
      'Content-Security-Policy',
      `default-src 'self'; script-src 'nonce-${nonce}' ${CDN}; style-src 'self' 'unsafe-inline' ${CDN}; font-src 'self' data: ${CDN} https://fonts.scalar.com; img-src 'self' data: https:; connect-src 'self'`,
    );
    apiReference({ url: '/openapi.json', pageTitle: 'config-service API', nonce })(req as never, res, next);
  });
  return router;
}

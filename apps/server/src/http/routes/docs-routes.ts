import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import express, { Router } from 'express';

// Swagger UI's files are served by this server itself, so /docs works without internet access
// (self-hosted and air-gapped installs) and under a strict CSP: no inline or third-party script.
const swaggerUiDir = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>config-service API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/** The OpenAPI document and a page that renders it. */
export function docsRoutes(document: object): Router {
  const router = Router();
  const text = JSON.stringify(document);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(text);
  });
  router.get('/docs', (_req, res) => {
    // Swagger UI sets styles from script; everything else stays as strict as helmet's default.
    res.setHeader('Content-Security-Policy', "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; frame-ancestors 'self'");
    res.type('text/html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('text/javascript').send(INIT);
  });
  router.use('/docs/assets', express.static(swaggerUiDir, { index: false, maxAge: '1d' }));
  return router;
}

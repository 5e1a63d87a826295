import { Router } from 'express';
import { apiReference } from '@scalar/express-api-reference';

/** The OpenAPI document and a page that renders it. */
export function docsRoutes(document: object): Router {
  const router = Router();
  const text = JSON.stringify(document);
  router.get('/openapi.json', (_req, res) => {
    res.type('application/json').send(text);
  });
  router.get('/docs', apiReference({ url: '/openapi.json', pageTitle: 'config-service API' }));
  return router;
}

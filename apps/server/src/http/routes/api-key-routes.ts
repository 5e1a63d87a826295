import { Router, type RequestHandler } from 'express';
import { CreateApiKeyRequestSchema, assertAllowed, validate, actorFor } from '@config-service/contract';
import { z } from 'zod';
import type { ApiKeyService } from '../../services/api-key-service';
import { contextOf, principalOf } from '../request-context';
import { jsonBody } from '../middleware/json-body';
import { sendJson } from '../send';

const KeyIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);

export function apiKeyRoutes(apiKeys: ApiKeyService): Router {
  const router = Router();

  // The role is checked before the body is read: a refused caller costs no read or parse.
  const admin: RequestHandler = (req, _res, next) => {
    assertAllowed(principalOf(req), 'admin');
    next();
  };
  router.post('/apikeys', admin, jsonBody(), async (req, res) => {
    const principal = principalOf(req);
    const body = validate(CreateApiKeyRequestSchema, contextOf(req).body, 'body');
    const created = await apiKeys.create(actorFor(principal, contextOf(req).requestId), body);
    sendJson(res, 201, JSON.stringify(created), { Location: `/api/v1/apikeys/${created.id}`, 'Cache-Control': 'no-store' });
  });

  router.get('/apikeys', async (req, res) => {
    assertAllowed(principalOf(req), 'admin');
    sendJson(res, 200, JSON.stringify({ items: await apiKeys.list() }));
  });

  router.delete('/apikeys/:id', async (req, res) => {
    const principal = principalOf(req);
    assertAllowed(principal, 'admin');
    await apiKeys.delete(actorFor(principal, contextOf(req).requestId), validate(KeyIdSchema, req.params.id, 'path'));
    res.status(204).end();
  });

  return router;
}

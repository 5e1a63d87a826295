import { Router, type Request, type RequestHandler } from 'express';
import {
  CreateConfigRequestSchema,
  DEFAULT_NAMESPACE,
  HistoryQuerySchema,
  KeyNameSchema,
  ListQuerySchema,
  NamespaceNameSchema,
  NamespaceQuerySchema,
  PutConfigRequestSchema,
  RollbackRequestSchema,
  assertAllowed,
  validate,
  etagFor,
  readPreconditions,
  actorFor,
  type Actor,
} from '@config-service/core';
import type { ConfigService } from '../../services/config-service';
import { contextOf, principalOf } from '../request-context';
import { jsonBody } from '../middleware/json-body';
import { entryJson, historyPageJson, listingJson } from '../wire-format';
import { sendJson } from '../send';
import { entryReader } from './config-read';

function keyParam(req: Request): string {
  return validate(KeyNameSchema, req.params.key, 'path');
}

function namespaceParam(req: Request): string {
  return validate(NamespaceQuerySchema, req.query, 'query').namespace ?? DEFAULT_NAMESPACE;
}

/** The principal allowed `role` in `namespace`, as the actor of a change. */
function writerIn(req: Request, namespace: string): Actor {
  const principal = principalOf(req);
  assertAllowed(principal, 'writer', namespace);
  return actorFor(principal, contextOf(req).requestId);
}

/** The role check of a write, run before its body is read: a refused caller costs no read or parse. */
function writerOfQueryNamespace(): RequestHandler {
  return (req, _res, next) => {
    writerIn(req, namespaceParam(req));
    next();
  };
}

function locationOf(namespace: string, key: string): string {
  return `/api/v1/configs/${encodeURIComponent(key)}?namespace=${encodeURIComponent(namespace)}`;
}

/** HTTP for configuration entries: translate, authorise, call the service, render. */
export function configRoutes(configs: ConfigService): Router {
  const router = Router();

  // Registered before `/:key/...`: the key "namespace" is reserved, so this path is never a key.
  router.get('/configs/namespace/:namespace', async (req, res) => {
    const namespace = validate(NamespaceNameSchema, req.params.namespace, 'path');
    const query = validate(ListQuerySchema.loose(), req.query, 'query');
    assertAllowed(principalOf(req), 'reader', namespace);
    const page = await configs.list(namespace, {
      limit: query.limit,
      ...(query.prefix ? { prefix: query.prefix } : {}),
      ...(query.cursor ? { cursor: query.cursor } : {}),
    });
    sendJson(res, 200, listingJson(namespace, page.revision, page.items, page.nextCursor));
  });

  router.get('/configs/:key/history', async (req, res) => {
    const key = keyParam(req);
    const query = validate(HistoryQuerySchema.loose(), req.query, 'query');
    const namespace = query.namespace ?? DEFAULT_NAMESPACE;
    assertAllowed(principalOf(req), 'reader', namespace);
    const page = await configs.history(namespace, key, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
    sendJson(res, 200, historyPageJson(page.items, page.nextCursor));
  });

  router.post('/configs/:key/rollback', writerOfQueryNamespace(), jsonBody(), async (req, res) => {
    const key = keyParam(req);
    const namespace = namespaceParam(req);
    const actor = writerIn(req, namespace);
    const body = validate(RollbackRequestSchema, contextOf(req).body, 'body');
    const entry = await configs.rollback(actor, namespace, key, body.version, readPreconditions((name) => req.get(name)));
    sendJson(res, 200, entryJson(entry), { ETag: etagFor(entry.version) });
  });

  const readEntry = entryReader(configs);
  router.get('/configs/:key', (req, res) => readEntry(req, res, req.params.key, req.query));

  router.put('/configs/:key', writerOfQueryNamespace(), jsonBody(), async (req, res) => {
    const key = keyParam(req);
    const namespace = namespaceParam(req);
    const actor = writerIn(req, namespace);
    const body = validate(PutConfigRequestSchema, contextOf(req).body, 'body');
    const { entry, created } = await configs.put(
      actor,
      namespace,
      key,
      {
        value: body.value,
        ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
        ...(body.secret !== undefined ? { secret: body.secret } : {}),
      },
      readPreconditions((name) => req.get(name)),
    );
    const headers: Record<string, string> = { ETag: etagFor(entry.version) };
    if (created) headers.Location = locationOf(namespace, key);
    sendJson(res, created ? 201 : 200, entryJson(entry), headers);
  });

  router.delete('/configs/:key', async (req, res) => {
    const key = keyParam(req);
    const namespace = namespaceParam(req);
    await configs.delete(writerIn(req, namespace), namespace, key, readPreconditions((name) => req.get(name)));
    res.status(204).end();
  });

  // The namespace is in the body: the writer role (in some namespace) is checked before it is read.
  const anyWriter: RequestHandler = (req, _res, next) => {
    assertAllowed(principalOf(req), 'writer');
    next();
  };
  router.post('/configs', anyWriter, jsonBody(), async (req, res) => {
    const body = validate(CreateConfigRequestSchema, contextOf(req).body, 'body');
    const namespace = body.namespace ?? DEFAULT_NAMESPACE;
    const entry = await configs.create(writerIn(req, namespace), namespace, body.key, {
      value: body.value,
      metadata: body.metadata ?? null,
      secret: body.secret ?? false,
    });
    sendJson(res, 201, entryJson(entry), { ETag: etagFor(entry.version), Location: locationOf(namespace, body.key) });
  });

  return router;
}

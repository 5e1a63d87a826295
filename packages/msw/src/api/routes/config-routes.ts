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
  actorFor,
  assertAllowed,
  validate,
  etagFor,
  notModified,
  readPreconditions,
  type Actor,
  type HeaderReader,
} from '@config-service/core';
import type { z } from 'zod';
import type { InMemoryConfigStore } from '../../store/in-memory-config-store';
import { principalOf, type RequestContext } from '../request-context';
import type { Route } from '../router';
import { readJsonBody } from '../read-json-body';
import { entryJson, historyPageJson, listingJson } from '../wire-format';
import { jsonResponse } from '../problem-response';

const keyParam = (context: RequestContext) => validate(KeyNameSchema, context.params.key, 'path');
const namespaceParam = (context: RequestContext) => validate(NamespaceQuerySchema, context.query, 'query').namespace ?? DEFAULT_NAMESPACE;
/** The caller, allowed to write in `namespace`, as the actor of a change. */
function writerIn(context: RequestContext, namespace: string): Actor {
  const principal = principalOf(context);
  assertAllowed(principal, 'writer', namespace);
  return actorFor(principal, context.requestId);
}

const headersOf = (context: RequestContext): HeaderReader => (name) => context.request.headers.get(name);

/**
 * The opening of a write to a named key (PUT, rollback), in the server's order of checks: body,
 * key, namespace, role and namespace, body schema, then the conditional headers.
 */
async function keyWrite<S extends z.ZodType>(context: RequestContext, schema: S) {
  const raw = await readJsonBody(context.request);
  const key = keyParam(context);
  const namespace = namespaceParam(context);
  const actor = writerIn(context, namespace);
  const body = validate(schema, raw, 'body');
  const preconditions = readPreconditions(headersOf(context));
  return { key, namespace, actor, body, preconditions };
}

const locationOf = (namespace: string, key: string) => `/api/v1/configs/${encodeURIComponent(key)}?namespace=${encodeURIComponent(namespace)}`;

/**
 * The entry routes, in the server's order of checks (body, names, role and namespace, body
 * schema, then the store's rules), so the mock answers a bad request with the same status.
 */
export function configRoutes(store: InMemoryConfigStore): Route[] {
  return [
    // Before `/:key/...`: the key "namespace" is reserved, so this path is never a key.
    {
      method: 'GET',
      path: '/api/v1/configs/namespace/:namespace',
      handle(context) {
        const namespace = validate(NamespaceNameSchema, context.params.namespace, 'path');
        const query = validate(ListQuerySchema.loose(), context.query, 'query');
        assertAllowed(principalOf(context), 'reader', namespace);
        const page = store.list(namespace, {
          limit: query.limit,
          ...(query.prefix ? { prefix: query.prefix } : {}),
          ...(query.cursor ? { cursor: query.cursor } : {}),
        });
        return jsonResponse(200, listingJson(namespace, page.revision, page.items, page.nextCursor));
      },
    },
    {
      method: 'GET',
      path: '/api/v1/configs/:key/history',
      handle(context) {
        const key = keyParam(context);
        const query = validate(HistoryQuerySchema.loose(), context.query, 'query');
        const namespace = query.namespace ?? DEFAULT_NAMESPACE;
        assertAllowed(principalOf(context), 'reader', namespace);
        const page = store.history(namespace, key, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
        return jsonResponse(200, historyPageJson(page.items, page.nextCursor));
      },
    },
    {
      method: 'POST',
      path: '/api/v1/configs/:key/rollback',
      async handle(context) {
        const { key, namespace, actor, body, preconditions } = await keyWrite(context, RollbackRequestSchema);
        const entry = store.rollback(actor, namespace, key, body.version, preconditions);
        return jsonResponse(200, entryJson(entry), { ETag: etagFor(entry.version) });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/configs/:key',
      handle(context) {
        const key = keyParam(context);
        const namespace = namespaceParam(context);
        assertAllowed(principalOf(context), 'reader', namespace);
        const entry = store.get(namespace, key);
        if (notModified(headersOf(context), entry.version)) {
          return new Response(null, { status: 304, headers: { ETag: etagFor(entry.version) } });
        }
        return jsonResponse(200, entryJson(entry), { ETag: etagFor(entry.version) });
      },
    },
    {
      method: 'PUT',
      path: '/api/v1/configs/:key',
      async handle(context) {
        const { key, namespace, actor, body, preconditions } = await keyWrite(context, PutConfigRequestSchema);
        const { entry, created } = store.put(
          actor,
          namespace,
          key,
          {
            value: body.value,
            ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
            ...(body.secret !== undefined ? { secret: body.secret } : {}),
          },
          preconditions,
        );
        const headers: Record<string, string> = { ETag: etagFor(entry.version) };
        if (created) headers.Location = locationOf(namespace, key);
        return jsonResponse(created ? 201 : 200, entryJson(entry), headers);
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/configs/:key',
      handle(context) {
        const key = keyParam(context);
        const namespace = namespaceParam(context);
        const actor = writerIn(context, namespace);
        store.delete(actor, namespace, key, readPreconditions(headersOf(context)));
        return new Response(null, { status: 204 });
      },
    },
    {
      method: 'POST',
      path: '/api/v1/configs',
      async handle(context) {
        const raw = await readJsonBody(context.request);
        const principal = principalOf(context);
        assertAllowed(principal, 'writer');
        const body = validate(CreateConfigRequestSchema, raw, 'body');
        const namespace = body.namespace ?? DEFAULT_NAMESPACE;
        const entry = store.create(writerIn(context, namespace), namespace, body.key, {
          value: body.value,
          metadata: body.metadata ?? null,
          secret: body.secret ?? false,
        });
        return jsonResponse(201, entryJson(entry), { ETag: etagFor(entry.version), Location: locationOf(namespace, body.key) });
      },
    },
  ];
}

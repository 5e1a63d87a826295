import { DEFAULT_NAMESPACE } from '@config-service/core';
import type { z } from 'zod';
import type { ConfigEngine } from '../engine/config-engine';
import { assertAllowed, canAccessNamespace } from '../rules/access-policy';
import { etagFor, notModified, readPreconditions } from '../rules/conditional-headers';
import { validate } from '../rules/validate';
import {
  CreateConfigRequestSchema,
  HistoryQuerySchema,
  ListQuerySchema,
  NamespaceNameSchema,
  PutConfigRequestSchema,
  RollbackRequestSchema,
} from '../wire/schemas';
import { entryJson, historyPageJson, listingJson, namespacesJson } from '../wire/wire-format';
import { schemaOperations } from './schema-operations';
import { json, type Operation, type OperationRequest, type OperationRoute } from './operation';
import { keyParam, namespaceParam, writerIn, writerOfQueryNamespace, writerSomewhere } from './operation-inputs';

export type ConfigOperationName =
  | 'list'
  | 'history'
  | 'rollback'
  | 'read'
  | 'put'
  | 'delete'
  | 'create'
  | 'namespaces'
  | 'readSchema'
  | 'putSchema'
  | 'deleteSchema'
  | 'listSchemas';

export type ConfigOperations = Record<ConfigOperationName, Operation>;

/**
 * The entry routes under `/api/v1`. Matched in this order: `/configs/namespace/...` comes
 * before `/configs/:key/...`, and the key "namespace" is reserved, so it is never a key.
 */
export const CONFIG_ROUTES: readonly OperationRoute<ConfigOperationName>[] = [
  { method: 'GET', path: '/configs/namespace/:namespace', operation: 'list', body: false },
  { method: 'GET', path: '/configs/:key/history', operation: 'history', body: false },
  { method: 'GET', path: '/configs/:key/schema', operation: 'readSchema', body: false },
  { method: 'PUT', path: '/configs/:key/schema', operation: 'putSchema', body: true, authorize: writerOfQueryNamespace },
  { method: 'DELETE', path: '/configs/:key/schema', operation: 'deleteSchema', body: false },
  { method: 'GET', path: '/schemas', operation: 'listSchemas', body: false },
  { method: 'POST', path: '/configs/:key/rollback', operation: 'rollback', body: true, authorize: writerOfQueryNamespace },
  { method: 'GET', path: '/configs/:key', operation: 'read', body: false },
  { method: 'PUT', path: '/configs/:key', operation: 'put', body: true, authorize: writerOfQueryNamespace },
  { method: 'DELETE', path: '/configs/:key', operation: 'delete', body: false },
  { method: 'POST', path: '/configs', operation: 'create', body: true, authorize: writerSomewhere },
  { method: 'GET', path: '/namespaces', operation: 'namespaces', body: false },
];

const locationOf = (namespace: string, key: string) => `/api/v1/configs/${encodeURIComponent(key)}?namespace=${encodeURIComponent(namespace)}`;

/**
 * The opening of a write to a named key (PUT, rollback), in the contract's order of checks
 * after the body was read (its route's `authorize` ran before): key, namespace, role and namespace, body schema, conditional headers.
 */
function keyWrite<S extends z.ZodType>(request: OperationRequest, schema: S) {
  const key = keyParam(request);
  const namespace = namespaceParam(request);
  const actor = writerIn(request, namespace);
  const body = validate(schema, request.body, 'body');
  return { key, namespace, actor, body, preconditions: readPreconditions(request.header) };
}

/**
 * HTTP for configuration entries, free of any framework: validate, authorise, call the
 * engine, render. The server's Express routes, its fast read path and the MSW mock all
 * serve these same functions, so a request gets the same answer from each.
 */
export function configOperations(engine: ConfigEngine): ConfigOperations {
  return {
    ...schemaOperations(engine.schemas),
    async list(request) {
      const namespace = validate(NamespaceNameSchema, request.params.namespace, 'path');
      const query = validate(ListQuerySchema.loose(), request.query, 'query');
      assertAllowed(request.principal, 'reader', namespace);
      const page = await engine.list(namespace, {
        limit: query.limit,
        ...(query.prefix ? { prefix: query.prefix } : {}),
        ...(query.cursor ? { cursor: query.cursor } : {}),
      });
      return json(200, listingJson(namespace, page.revision, page.items, page.nextCursor));
    },

    async history(request) {
      const key = keyParam(request);
      const query = validate(HistoryQuerySchema.loose(), request.query, 'query');
      const namespace = query.namespace ?? DEFAULT_NAMESPACE;
      assertAllowed(request.principal, 'reader', namespace);
      const page = await engine.history(namespace, key, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
      return json(200, historyPageJson(page.items, page.nextCursor));
    },

    async rollback(request) {
      const { key, namespace, actor, body, preconditions } = keyWrite(request, RollbackRequestSchema);
      const entry = await engine.rollback(actor, namespace, key, body.version, preconditions);
      return json(200, entryJson(entry), { ETag: etagFor(entry.version) });
    },

    /** The entry with its ETag, or 304 when If-None-Match already names that version. */
    async read(request) {
      const key = keyParam(request);
      const namespace = namespaceParam(request);
      assertAllowed(request.principal, 'reader', namespace);
      const entry = await engine.get(namespace, key);
      const etag = etagFor(entry.version);
      if (notModified(request.header, entry.version)) return { status: 304, body: null, headers: { ETag: etag } };
      return json(200, entryJson(entry), { ETag: etag });
    },

    async put(request) {
      const { key, namespace, actor, body, preconditions } = keyWrite(request, PutConfigRequestSchema);
      const input = {
        value: body.value,
        ...(body.metadata !== undefined ? { metadata: body.metadata } : {}),
        ...(body.secret !== undefined ? { secret: body.secret } : {}),
      };
      const { entry, created } = await engine.put(actor, namespace, key, input, preconditions);
      const headers: Record<string, string> = { ETag: etagFor(entry.version) };
      if (created) headers.Location = locationOf(namespace, key);
      return json(created ? 201 : 200, entryJson(entry), headers);
    },

    async delete(request) {
      const key = keyParam(request);
      const namespace = namespaceParam(request);
      await engine.delete(writerIn(request, namespace), namespace, key, readPreconditions(request.header));
      return { status: 204, body: null, headers: {} };
    },

    async create(request) {
      writerSomewhere(request);
      const body = validate(CreateConfigRequestSchema, request.body, 'body');
      const namespace = body.namespace ?? DEFAULT_NAMESPACE;
      const entry = await engine.create(writerIn(request, namespace), namespace, body.key, {
        value: body.value,
        metadata: body.metadata ?? null,
        secret: body.secret ?? false,
      });
      return json(201, entryJson(entry), { ETag: etagFor(entry.version), Location: locationOf(namespace, body.key) });
    },

    /** Only the namespaces the caller may read. */
    async namespaces(request) {
      assertAllowed(request.principal, 'reader');
      const all = await engine.namespaces();
      return json(200, namespacesJson(all.filter((ns) => canAccessNamespace(request.principal, ns.name))));
    },
  };
}

import { DEFAULT_NAMESPACE } from '@config-service/core';
import { actorFor, assertAllowed, type Actor } from '../rules/access-policy';
import { validate } from '../rules/validate';
import { KeyNameSchema, NamespaceQuerySchema } from '../wire/schemas';
import type { OperationRequest } from './operation';

/** The `{key}` path parameter, checked. */
export function keyParam(request: OperationRequest): string {
  const key = request.params.key;
  if (typeof key === 'string' && validKeys.has(key)) return key;
  const valid = validate(KeyNameSchema, key, 'path');
  remember(validKeys, valid);
  return valid;
}

/** The `namespace` query parameter, checked; `default` when absent. */
export function namespaceParam(request: OperationRequest): string {
  const query = request.query;
  // A frozen query (the server's fast read reuses parsed query strings) cannot have changed since it was checked.
  const known = typeof query === 'object' && query !== null && Object.isFrozen(query) ? checkedQueries.get(query) : undefined;
  if (known !== undefined) return known;
  const namespace = validate(NamespaceQuerySchema, query, 'query').namespace ?? DEFAULT_NAMESPACE;
  if (typeof query === 'object' && query !== null && Object.isFrozen(query)) checkedQueries.set(query, namespace);
  return namespace;
}

/*
 * Entry reads name the same few keys over and over: a key that passed the check is not checked
 * again (the check depends on nothing but the name), nor a frozen query object.
 */
const validKeys = new Set<string>();
const checkedQueries = new WeakMap<object, string>();
const REMEMBERED_KEYS = 10_000;

function remember(names: Set<string>, name: string): void {
  if (names.size >= REMEMBERED_KEYS) names.clear();
  names.add(name);
}

/** The caller, allowed to write in `namespace`, as the actor of a change. */
export function writerIn(request: OperationRequest, namespace: string): Actor {
  assertAllowed(request.principal, 'writer', namespace);
  return actorFor(request.principal, request.requestId);
}

/** Before the body of a write to a named key: the namespace query, then the writer role there. */
export function writerOfQueryNamespace(request: OperationRequest): void {
  assertAllowed(request.principal, 'writer', namespaceParam(request));
}

/** Before the body of a create (its namespace is in the body): the writer role in some namespace. */
export function writerSomewhere(request: OperationRequest): void {
  assertAllowed(request.principal, 'writer');
}

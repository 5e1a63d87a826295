import { DEFAULT_NAMESPACE } from '@config-service/core';
import { actorFor, assertAllowed, type Actor } from '../rules/access-policy';
import { validate } from '../rules/validate';
import { KeyNameSchema, NamespaceQuerySchema } from '../wire/schemas';
import type { OperationRequest } from './operation';

/** The `{key}` path parameter, checked. */
export const keyParam = (request: OperationRequest): string => validate(KeyNameSchema, request.params.key, 'path');

/** The `namespace` query parameter, checked; `default` when absent. */
export const namespaceParam = (request: OperationRequest): string =>
  validate(NamespaceQuerySchema, request.query, 'query').namespace ?? DEFAULT_NAMESPACE;

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

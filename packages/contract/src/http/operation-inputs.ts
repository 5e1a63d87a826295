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

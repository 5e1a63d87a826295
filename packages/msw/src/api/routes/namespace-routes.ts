import type { InMemoryConfigStore } from '../../store/in-memory-config-store';
import { principalOf } from '../request-context';
import type { Route } from '../router';
import { namespacesJson } from '../wire-format';
import { jsonResponse } from '../problem-response';
import { assertAllowed, canAccessNamespace } from '@config-service/core';

/** `GET /api/v1/namespaces`: only the namespaces the caller may read. */
export function namespaceRoutes(store: InMemoryConfigStore): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/namespaces',
      handle(context) {
        const principal = principalOf(context);
        assertAllowed(principal, 'reader');
        const visible = store.namespaces().filter((ns) => canAccessNamespace(principal, ns.name));
        return jsonResponse(200, namespacesJson(visible));
      },
    },
  ];
}

import { CreateApiKeyRequestSchema, actorFor, apiKeyJson, assertAllowed, validate } from '@config-service/contract';
import { z } from 'zod';
import type { ApiKeyRegistry } from '../../auth/api-key-registry';
import { principalOf } from '../request-context';
import type { Route } from '../router';
import { readJsonBody } from '../read-json-body';
import { jsonResponse } from '../problem-response';

const KeyIdSchema = z.string().min(1).max(64).regex(/^[A-Za-z0-9-]+$/);

/** API key administration (admin only): create (the key shown once), list, revoke. */
export function apiKeyRoutes(keys: ApiKeyRegistry): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/apikeys',
      async handle(context) {
        // The role is checked before the body is read, as the server checks it.
        const principal = principalOf(context);
        assertAllowed(principal, 'admin');
        const raw = await readJsonBody(context.request);
        const created = keys.create(validate(CreateApiKeyRequestSchema, raw, 'body'), actorFor(principal, context.requestId));
        return jsonResponse(201, apiKeyJson(created), { Location: `/api/v1/apikeys/${created.id}`, 'Cache-Control': 'no-store' });
      },
    },
    {
      method: 'GET',
      path: '/api/v1/apikeys',
      handle(context) {
        assertAllowed(principalOf(context), 'admin');
        return jsonResponse(200, JSON.stringify({ items: keys.list() }));
      },
    },
    {
      method: 'DELETE',
      path: '/api/v1/apikeys/:id',
      handle(context) {
        const principal = principalOf(context);
        assertAllowed(principal, 'admin');
        keys.delete(validate(KeyIdSchema, context.params.id, 'path'), actorFor(principal, context.requestId));
        return new Response(null, { status: 204 });
      },
    },
  ];
}

import { TokenRequestSchema, validate } from '@config-service/contract';
import type { ApiKeyRegistry } from '../../auth/api-key-registry';
import type { Route } from '../router';
import { principalOf } from '../request-context';
import { readJsonBody } from '../read-json-body';
import { jsonResponse } from '../problem-response';

/**
 * Whether a request carries a body, by its bytes: a request that passed through MSW's service
 * worker has a (possibly empty) body stream and no Content-Length, whatever it was sent with.
 */
async function hasBody(request: Request): Promise<boolean> {
  if (request.body === null) return false;
  return (await request.clone().arrayBuffer()).byteLength > 0;
}

/**
 * `GET /api/v1/auth/self`: who is calling. `POST /api/v1/auth/token`: an API key for a short-lived access token. A body (JSON
 * `{api_key}`) carries the key; without one the `X-API-Key` header does. Answered before the
 * API's own authentication: the key in the body is the credential.
 */
export function authRoutes(keys: ApiKeyRegistry): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/token',
      public: true,
      async handle(context) {
        const { request } = context;
        const fromBody = (await hasBody(request)) ? validate(TokenRequestSchema, await readJsonBody(request), 'body').api_key : undefined;
        const apiKey = fromBody ?? request.headers.get('x-api-key');
        return jsonResponse(200, JSON.stringify(keys.issueToken(apiKey, context.requestId)), { 'Cache-Control': 'no-store' });
      },
    },
    {
      // The calling credential, as the server describes it: never the key itself.
      method: 'GET',
      path: '/api/v1/auth/self',
      handle(context) {
        const principal = principalOf(context);
        const body = { id: principal.keyId, name: principal.name, roles: principal.roles, namespaces: principal.namespaces };
        return jsonResponse(200, JSON.stringify(body), { 'Cache-Control': 'no-store' });
      },
    },
  ];
}

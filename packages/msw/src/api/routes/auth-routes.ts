import { z } from 'zod';
import type { ApiKeyRegistry } from '../../auth/api-key-registry';
import type { Route } from '../router';
import { readJsonBody } from '../read-json-body';
import { validate } from '../validate';
import { jsonResponse } from '../problem-response';

const TokenRequestSchema = z.strictObject({ api_key: z.string().min(1).max(1024) });

/** `POST /api/v1/auth/token`: an API key (header `X-API-Key` or body `{api_key}`) for a short-lived access token. */
export function authRoutes(keys: ApiKeyRegistry): Route[] {
  return [
    {
      method: 'POST',
      path: '/api/v1/auth/token',
      public: true,
      async handle(context) {
        const fromHeader = context.request.headers.get('x-api-key');
        const apiKey = fromHeader ?? validate(TokenRequestSchema, await readJsonBody(context.request), 'body').api_key;
        return jsonResponse(200, JSON.stringify(keys.issueToken(apiKey)), { 'Cache-Control': 'no-store' });
      },
    },
  ];
}

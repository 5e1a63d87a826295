import { Router, type Request } from 'express';
import { TokenRequestSchema, validate, actorFor, apiKeyAudit } from '@config-service/contract';
import type { Authenticator } from '../../services/authenticator';
import type { TokenService } from '../../services/token-service';
import type { AuditService } from '../../services/audit-service';
import { contextOf } from '../request-context';
import { jsonBody } from '../middleware/json-body';
import { sendJson } from '../send';

// `{"api_key": "…"}` with a key of at most 512 characters (TokenRequestSchema) fits in 1 KiB: this
// route reads no more before it knows who is asking.
const TOKEN_BODY_BYTES = 1024;

function hasBody(req: Request): boolean {
  return Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
}

/**
 * `POST /auth/token`: trades an API key (body `api_key` or `X-API-Key`) for a short-lived
 * access token. Mounted before the API's own authentication: the key in the body is the credential.
 */
export function authRoutes(authenticator: Authenticator, tokens: TokenService, audit: AuditService): Router {
  const router = Router();
  const readBody = jsonBody(TOKEN_BODY_BYTES);
  router.post(
    '/auth/token',
    // A body (JSON only) carries the key; without one the X-API-Key header does.
    (req, res, next) => (hasBody(req) ? readBody(req, res, next) : next()),
    async (req, res) => {
      const body = contextOf(req).body;
      const fromBody = body === undefined ? undefined : validate(TokenRequestSchema, body, 'body').api_key;
      const apiKey = fromBody ?? req.get('x-api-key');
      const principal = await authenticator.authenticate({ apiKey });
      const issued = tokens.issue(principal);
      await audit.append(apiKeyAudit(actorFor(principal, contextOf(req).requestId), 'token_issued', principal.keyId, { expires_in: issued.expires_in }, new Date()));
      sendJson(res, 200, JSON.stringify(issued), { 'Cache-Control': 'no-store' });
    },
  );
  return router;
}

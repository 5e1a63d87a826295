import { Router } from 'express';
import { principalOf } from '../request-context';
import { sendJson } from '../send';

/**
 * `GET /auth/self`: the calling credential's name, roles and namespaces (as Consul's
 * `/v1/acl/token/self`), so a client such as the console can decide what to offer without
 * trying writes. Never the key itself.
 */
export function credentialRoutes(): Router {
  const router = Router();
  router.get('/auth/self', (req, res) => {
    const principal = principalOf(req);
    const body = { id: principal.keyId, name: principal.name, roles: principal.roles, namespaces: principal.namespaces };
    sendJson(res, 200, JSON.stringify(body), { 'Cache-Control': 'no-store' });
  });
  return router;
}

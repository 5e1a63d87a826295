import { Router } from 'express';
import type { ConfigService } from '../../services/config-service';
import { principalOf } from '../request-context';
import { namespacesJson } from '../wire-format';
import { sendJson } from '../send';
import { assertAllowed, canAccessNamespace } from '@config-service/core';

export function namespaceRoutes(configs: ConfigService): Router {
  const router = Router();
  router.get('/namespaces', async (req, res) => {
    const principal = principalOf(req);
    assertAllowed(principal, 'reader');
    const all = await configs.namespaces();
    sendJson(res, 200, namespacesJson(all.filter((ns) => canAccessNamespace(principal, ns.name))));
  });
  return router;
}

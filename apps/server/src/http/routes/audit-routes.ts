import { Router } from 'express';
import { AuditQuerySchema, assertAllowed, validate, auditPageJson } from '@config-service/contract';
import type { AuditService } from '../../services/audit-service';
import { principalOf } from '../request-context';
import { sendJson } from '../send';

export function auditRoutes(audit: AuditService): Router {
  const router = Router();
  router.get('/audit', async (req, res) => {
    assertAllowed(principalOf(req), 'admin');
    const query = validate(AuditQuerySchema, req.query, 'query');
    const page = await audit.list({
      entityType: query.entity_type,
      entityId: query.entity_id,
      userId: query.user_id,
      action: query.action,
      since: query.since ? new Date(query.since) : undefined,
      limit: query.limit,
      cursor: query.cursor,
    });
    sendJson(res, 200, auditPageJson(page.items, page.nextCursor));
  });
  return router;
}

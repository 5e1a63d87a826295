import { Router } from 'express';
import { z } from 'zod';
import { MAX_LIST_LIMIT, DEFAULT_LIST_LIMIT } from '@config-service/core';
import type { AuditService } from '../../services/audit-service';
import { assertAllowed } from '../../services/access-policy';
import { principalOf } from '../request-context';
import { validate } from '../validate';
import { sendJson } from '../send';
import { auditPageJson } from '../wire-format';

export const AuditQuerySchema = z.object({
  entity_type: z.enum(['config', 'apikey', 'secrets']).optional(),
  entity_id: z.string().min(1).max(400).optional(),
  user_id: z.string().min(1).max(100).optional(),
  action: z.string().min(1).max(50).optional(),
  since: z.iso.datetime({ offset: true }).optional().meta({ description: 'Only rows created at or after this time.' }),
  limit: z.coerce.number().int().min(1).max(MAX_LIST_LIMIT).default(DEFAULT_LIST_LIMIT),
  cursor: z.string().max(1024).optional(),
});

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

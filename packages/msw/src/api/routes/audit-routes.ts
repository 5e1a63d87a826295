import { AuditQuerySchema, assertAllowed, auditPageJson, validate } from '@config-service/contract';
import type { AuditLog } from '../../audit/audit-log';
import { principalOf } from '../request-context';
import type { Route } from '../router';
import { jsonResponse } from '../problem-response';

/** `GET /api/v1/audit` (admin): newest first, filtered, by cursor. */
export function auditRoutes(audit: AuditLog): Route[] {
  return [
    {
      method: 'GET',
      path: '/api/v1/audit',
      handle(context) {
        assertAllowed(principalOf(context), 'admin');
        const query = validate(AuditQuerySchema, context.query, 'query');
        const page = audit.list({
          entityType: query.entity_type,
          entityId: query.entity_id,
          userId: query.user_id,
          action: query.action,
          since: query.since,
          limit: query.limit,
          cursor: query.cursor,
        });
        return jsonResponse(200, auditPageJson(page.items, page.nextCursor));
      },
    },
  ];
}

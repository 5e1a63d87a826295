import type { SqlEntityManager } from '@mikro-orm/knex';
import type { AuditRecord } from './audit-store';
import { AuditRowSchema, type AuditRow } from './entities/audit-row';

/** Adds an audit row to the unit of work `em` belongs to, so it commits with the change. */
export function persistAudit(em: SqlEntityManager, record: AuditRecord): void {
  em.create(AuditRowSchema, {
    action: record.action,
    entityType: record.entityType,
    entityId: record.entityId,
    userId: record.userId,
    changes: record.changesJson,
    requestId: record.requestId,
    createdAt: record.at,
  } as AuditRow);
}

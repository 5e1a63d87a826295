import type { Transaction } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { AuditRecord } from './audit-store';
import { AuditRowSchema, type AuditRow } from './entities/audit-row';

/** Inserts an audit row, in the transaction `ctx` when given (so it commits with the change). */
export async function insertAudit(em: SqlEntityManager, record: AuditRecord, ctx?: Transaction): Promise<void> {
  await em.insert(
    AuditRowSchema,
    {
      action: record.action,
      entityType: record.entityType,
      entityId: record.entityId,
      userId: record.userId,
      changes: record.changesJson,
      requestId: record.requestId,
      createdAt: record.at,
    } as AuditRow,
    ctx ? { ctx } : {},
  );
}

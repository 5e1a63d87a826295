import type { AuditQuery, AuditRecord, AuditStore, StoredAuditRecord } from './audit-store';
import type { Database } from './open-database';
import { AuditRowSchema, type AuditRow } from './entities/audit-row';
import { insertAudit } from './audit-writer';
import { withEntityManager } from './with-entity-manager';

export class MikroAuditStore implements AuditStore {
  constructor(private readonly db: Database) {}

  list(query: AuditQuery): Promise<StoredAuditRecord[]> {
    return withEntityManager(this.db, async (em) => {
      const where: Record<string, unknown> = {};
      if (query.entityType !== undefined) where.entityType = query.entityType;
      if (query.entityId !== undefined) where.entityId = query.entityId;
      if (query.userId !== undefined) where.userId = query.userId;
      if (query.action !== undefined) where.action = query.action;
      if (query.since !== undefined) where.createdAt = { $gte: query.since };
      if (query.beforeId !== undefined) where.id = { $lt: query.beforeId };
      const rows = await em.find(AuditRowSchema, where, { orderBy: { id: 'desc' }, limit: query.limit });
      return rows.map(toRecord);
    });
  }

  append(record: AuditRecord): Promise<void> {
    return withEntityManager(this.db, (em) => insertAudit(em, record));
  }
}

function toRecord(row: AuditRow): StoredAuditRecord {
  return {
    id: row.id,
    action: row.action,
    entityType: row.entityType as StoredAuditRecord['entityType'],
    entityId: row.entityId,
    userId: row.userId,
    changesJson: row.changes,
    requestId: row.requestId,
    at: row.createdAt,
  };
}

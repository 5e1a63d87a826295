import { decodeCursor, encodeCursor } from '@config-service/core';
import type { AuditRecord, AuditStore, StoredAuditRecord } from '../storage/audit-store';

export interface AuditListQuery {
  entityType?: string | undefined;
  entityId?: string | undefined;
  userId?: string | undefined;
  action?: string | undefined;
  since?: Date | undefined;
  limit: number;
  cursor?: string | undefined;
}

/** Reading the audit log (newest first, by cursor); appending the rows that have no change of their own. */
export class AuditService {
  constructor(private readonly store: AuditStore) {}

  async list(query: AuditListQuery): Promise<{ items: StoredAuditRecord[]; nextCursor: string | null }> {
    const beforeId = query.cursor ? Number(decodeCursor(query.cursor, { i: 'number' }).i) : undefined;
    const rows = await this.store.list({
      ...(query.entityType !== undefined ? { entityType: query.entityType } : {}),
      ...(query.entityId !== undefined ? { entityId: query.entityId } : {}),
      ...(query.userId !== undefined ? { userId: query.userId } : {}),
      ...(query.action !== undefined ? { action: query.action } : {}),
      ...(query.since !== undefined ? { since: query.since } : {}),
      ...(beforeId !== undefined ? { beforeId } : {}),
      limit: query.limit + 1,
    });
    const more = rows.length > query.limit;
    const items = more ? rows.slice(0, query.limit) : rows;
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? encodeCursor({ i: last.id }) : null };
  }

  append(record: AuditRecord): Promise<void> {
    return this.store.append(record);
  }
}

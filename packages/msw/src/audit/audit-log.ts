import { decodeCursor, encodeCursor } from '@config-service/core';
import type { AuditEntityType, AuditRecord, AuditSink, StoredAuditRecord } from '@config-service/contract';

export type { AuditEntityType, StoredAuditRecord };

export interface AuditQuery {
  entityType?: string | undefined;
  entityId?: string | undefined;
  userId?: string | undefined;
  action?: string | undefined;
  /** ISO 8601: only rows at or after it. */
  since?: string | undefined;
  limit: number;
  cursor?: string | undefined;
}

/**
 * The audit log, in memory: every change and key event appends a row in the same step as the
 * change itself; read newest first by cursor, filtered as the server filters.
 */
export class AuditLog implements AuditSink {
  private rows: StoredAuditRecord[] = [];
  private nextId = 1;

  append(record: AuditRecord): void {
    this.rows.push({ ...record, id: this.nextId++ });
  }

  list(query: AuditQuery): { items: StoredAuditRecord[]; nextCursor: string | null } {
    const beforeId = query.cursor ? Number(decodeCursor(query.cursor, { i: 'number' }).i) : undefined;
    const since = query.since ? Date.parse(query.since) : undefined;
    const matching = this.rows
      .filter(
        (row) =>
          (beforeId === undefined || row.id < beforeId) &&
          (query.entityType === undefined || row.entityType === query.entityType) &&
          (query.entityId === undefined || row.entityId === query.entityId) &&
          (query.userId === undefined || row.userId === query.userId) &&
          (query.action === undefined || row.action === query.action) &&
          (since === undefined || row.at.getTime() >= since),
      )
      .reverse();
    const items = matching.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: matching.length > query.limit && last ? encodeCursor({ i: last.id }) : null };
  }

  clear(): void {
    this.rows = [];
    this.nextId = 1;
  }
}

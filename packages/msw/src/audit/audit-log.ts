import { decodeCursor, encodeCursor, type Actor, type AuditEntityType } from '@config-service/core';

export type { AuditEntityType };

/** One audit row; `changesJson` is JSON text that never holds a secret value. */
export interface AuditRecord {
  id: number;
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  userId: string;
  changesJson: string | null;
  requestId: string | null;
  at: string;
}

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
export class AuditLog {
  private rows: AuditRecord[] = [];
  private nextId = 1;

  append(actor: Actor, action: string, entityType: AuditEntityType, entityId: string, changesJson: string | null, at: string): void {
    this.rows.push({ id: this.nextId++, action, entityType, entityId, userId: actor.name, changesJson, requestId: actor.requestId, at });
  }

  list(query: AuditQuery): { items: AuditRecord[]; nextCursor: string | null } {
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
          (since === undefined || Date.parse(row.at) >= since),
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

import type { AuditEntityType } from '@config-service/core';

/** One audit row to write; `changes` is JSON text that never holds a secret value. */
export interface AuditRecord {
  action: string;
  entityType: AuditEntityType;
  entityId: string;
  userId: string;
  changesJson: string | null;
  requestId: string | null;
  at: Date;
}

export interface StoredAuditRecord extends AuditRecord {
  id: number;
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  userId?: string;
  action?: string;
  since?: Date;
  /** Only ids below this (the cursor). */
  beforeId?: number;
  limit: number;
}

/** Reading the audit log; rows are written inside the transactions of the changes they record. */
export interface AuditStore {
  list(query: AuditQuery): Promise<StoredAuditRecord[]>;
  append(record: AuditRecord): Promise<void>;
}

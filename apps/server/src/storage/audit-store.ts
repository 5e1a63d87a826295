import type { AuditRecord, StoredAuditRecord } from '@config-service/contract';

export type { AuditRecord, StoredAuditRecord };

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

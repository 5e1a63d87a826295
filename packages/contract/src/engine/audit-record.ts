import type { AuditEntityType } from '../wire/schemas';

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

/** An audit row as stored, with its id (ascending in the order rows were written). */
export interface StoredAuditRecord extends AuditRecord {
  id: number;
}

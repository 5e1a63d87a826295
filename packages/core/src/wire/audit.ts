/** What an audit row is about. */
export const AUDIT_ENTITY_TYPES = ['config', 'apikey', 'secrets'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** One audit row, as `GET /api/v1/audit` lists it. */
export interface AuditItem {
  id: number;
  action: string;
  entity_type: AuditEntityType;
  /** `namespace/key` for config, the key id for apikey. */
  entity_id: string;
  /** The name of the key that acted. */
  user_id: string;
  /** What changed; never a secret value. */
  changes: Record<string, unknown> | null;
  request_id: string | null;
  created_at: string;
}

export interface AuditPage {
  items: AuditItem[];
  next_cursor: string | null;
}

import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { LosslessJsonType } from '../lossless-json-type';

export interface AuditRow {
  id: number;
  action: string;
  entityType: string;
  entityId: string;
  userId: string;
  changes: string | null;
  requestId: string | null;
  createdAt: Date;
}

export const AuditRowSchema = new EntitySchema<AuditRow>({
  name: 'AuditRow',
  tableName: 'audit_logs',
  properties: {
    id: { type: new BigIntType('number'), primary: true, autoincrement: true },
    action: { type: 'string', length: 50 },
    entityType: { type: 'string', length: 50, fieldName: 'entity_type' },
    entityId: { type: 'string', length: 400, fieldName: 'entity_id' },
    userId: { type: 'string', length: 100, fieldName: 'user_id' },
    changes: { type: LosslessJsonType, nullable: true },
    requestId: { type: 'string', length: 128, nullable: true, fieldName: 'request_id' },
    createdAt: { type: 'datetime', fieldName: 'created_at' },
  },
});

import { BigIntType, EntitySchema } from '@mikro-orm/core';
import type { HistoryAction } from '@config-service/core';
import { LosslessJsonType } from '../lossless-json-type';

/**
 * One committed change. Its unique `revision` makes this table the change log as well:
 * history reads it by key, watch replay by revision.
 */
export interface HistoryRow {
  id: number;
  namespace: string;
  key: string;
  version: number;
  revision: number;
  action: HistoryAction;
  value: string | null;
  metadata: string | null;
  secret: boolean;
  createdAt: Date;
  createdBy: string;
}

export const HistoryRowSchema = new EntitySchema<HistoryRow>({
  name: 'HistoryRow',
  tableName: 'configuration_history',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    namespace: { type: 'string', length: 100 },
    key: { type: 'string', length: 255, fieldName: 'config_key' },
    version: { type: 'integer' },
    revision: { type: new BigIntType('number') },
    action: { type: 'string', length: 20 },
    value: { type: LosslessJsonType, nullable: true },
    metadata: { type: LosslessJsonType, nullable: true },
    secret: { type: 'boolean' },
    createdAt: { type: 'datetime', fieldName: 'created_at' },
    createdBy: { type: 'string', length: 255, fieldName: 'created_by' },
  },
});

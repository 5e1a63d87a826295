import { BigIntType, EntitySchema } from '@mikro-orm/core';
import { LosslessJsonType } from '../lossless-json-type';

/** The current state of one key. A deleted key keeps its row (a tombstone) so versions go on. */
export interface ConfigRow {
  id: number;
  namespace: string;
  key: string;
  value: string | null;
  metadata: string | null;
  secret: boolean;
  version: number;
  revision: number;
  deleted: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

export const ConfigRowSchema = new EntitySchema<ConfigRow>({
  name: 'ConfigRow',
  tableName: 'configurations',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    namespace: { type: 'string', length: 100 },
    key: { type: 'string', length: 255, fieldName: 'config_key' },
    value: { type: LosslessJsonType, nullable: true },
    metadata: { type: LosslessJsonType, nullable: true },
    secret: { type: 'boolean' },
    version: { type: 'integer' },
    revision: { type: new BigIntType('number') },
    deleted: { type: 'boolean' },
    createdAt: { type: 'datetime', fieldName: 'created_at' },
    updatedAt: { type: 'datetime', fieldName: 'updated_at' },
    updatedBy: { type: 'string', length: 255, fieldName: 'updated_by' },
  },
});

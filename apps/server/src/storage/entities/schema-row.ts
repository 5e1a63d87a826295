import { EntitySchema } from '@mikro-orm/core';
import { LosslessJsonType } from '../lossless-json-type';

/** A key's JSON Schema. A deleted one keeps its row (a tombstone) so its versions go on. */
export interface SchemaRow {
  id: number;
  namespace: string;
  key: string;
  schema: string;
  version: number;
  deleted: boolean;
  updatedAt: Date;
  updatedBy: string;
}

export const SchemaRowSchema = new EntitySchema<SchemaRow>({
  name: 'SchemaRow',
  tableName: 'config_schemas',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    namespace: { type: 'string', length: 100 },
    key: { type: 'string', length: 255, fieldName: 'config_key' },
    schema: { type: LosslessJsonType },
    version: { type: 'integer' },
    deleted: { type: 'boolean' },
    updatedAt: { type: 'datetime', fieldName: 'updated_at' },
    updatedBy: { type: 'string', length: 255, fieldName: 'updated_by' },
  },
});

import { EntitySchema } from '@mikro-orm/core';
import type { Role } from '@config-service/core';

export interface ApiKeyRow {
  id: string;
  name: string;
  keyHash: string;
  keyPrefix: string;
  roles: Role[];
  namespaces: string[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  /** Set when deleted; the row stays so audit entries keep pointing at something. */
  revokedAt: Date | null;
}

export const ApiKeyRowSchema = new EntitySchema<ApiKeyRow>({
  name: 'ApiKeyRow',
  tableName: 'api_keys',
  properties: {
    id: { type: 'string', length: 36, primary: true },
    name: { type: 'string', length: 100 },
    keyHash: { type: 'string', length: 64, fieldName: 'key_hash' },
    keyPrefix: { type: 'string', length: 16, fieldName: 'key_prefix' },
    roles: { type: 'json' },
    namespaces: { type: 'json', nullable: true },
    createdAt: { type: 'datetime', fieldName: 'created_at' },
    expiresAt: { type: 'datetime', nullable: true, fieldName: 'expires_at' },
    lastUsedAt: { type: 'datetime', nullable: true, fieldName: 'last_used_at' },
    revokedAt: { type: 'datetime', nullable: true, fieldName: 'revoked_at' },
  },
});

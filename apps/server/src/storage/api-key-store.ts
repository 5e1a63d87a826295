import type { ApiKeyRecord } from '@config-service/contract';
import type { AuditRecord } from './audit-store';

/** A key as stored: its record and the hash of the key, never the key. */
export interface StoredApiKey extends ApiKeyRecord {
  keyHash: string;
  revokedAt: Date | null;
}

/** A key to insert: it has not been used or revoked yet. */
export type NewApiKey = Omit<StoredApiKey, 'lastUsedAt' | 'revokedAt'>;

/** Storage of API keys: only hashes, never a key. */
export interface ApiKeyStore {
  findByHash(keyHash: string): Promise<StoredApiKey | null>;
  /** Keys that are not revoked, oldest first. */
  listActive(): Promise<StoredApiKey[]>;
  findById(id: string): Promise<StoredApiKey | null>;
  /** Inserts the key and its audit row in one transaction. */
  insert(key: NewApiKey, audit: AuditRecord): Promise<StoredApiKey>;
  /** Marks the key revoked (with its audit row); false when there is no such active key. */
  revoke(id: string, at: Date, audit: AuditRecord): Promise<boolean>;
  /** Inserts `key` only when the store has never held a key; true if it did. Safe across replicas. */
  insertIfEmpty(key: NewApiKey, audit: AuditRecord): Promise<boolean>;
  /** Records last use, in one statement for many keys. */
  touch(lastUsed: Map<string, Date>): Promise<void>;
}

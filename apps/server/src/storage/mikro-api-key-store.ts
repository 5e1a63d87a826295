import type { ApiKeyStore, NewApiKey, StoredApiKey } from './api-key-store';
import type { AuditRecord } from './audit-store';
import type { Database } from './open-database';
import { ApiKeyRowSchema, type ApiKeyRow } from './entities/api-key-row';
import { lockRevisions } from './revision-counter';
import { insertAudit } from './audit-writer';
import { inTransaction, withEntityManager } from './with-entity-manager';

export class MikroApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: Database) {}

  findByHash(keyHash: string): Promise<StoredApiKey | null> {
    return withEntityManager(this.db, async (em) => {
      const row = await em.findOne(ApiKeyRowSchema, { keyHash });
      return row ? { ...row } : null;
    });
  }

  findById(id: string): Promise<StoredApiKey | null> {
    return withEntityManager(this.db, async (em) => {
      const row = await em.findOne(ApiKeyRowSchema, { id });
      return row ? { ...row } : null;
    });
  }

  listActive(): Promise<StoredApiKey[]> {
    return withEntityManager(this.db, async (em) => {
      const rows = await em.find(ApiKeyRowSchema, { revokedAt: null }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return rows.map((row) => ({ ...row }));
    });
  }

  insert(key: NewApiKey, audit: AuditRecord): Promise<StoredApiKey> {
    return inTransaction(this.db, async (em, ctx) => {
      const row: ApiKeyRow = { ...key, lastUsedAt: null, revokedAt: null };
      await em.insert(ApiKeyRowSchema, row, { ctx });
      await insertAudit(em, audit, ctx);
      return { ...row };
    });
  }

  revoke(id: string, at: Date, audit: AuditRecord): Promise<boolean> {
    return inTransaction(this.db, async (em, ctx) => {
      const changed = await em.nativeUpdate(ApiKeyRowSchema, { id, revokedAt: null }, { revokedAt: at }, { ctx });
      if (changed === 0) return false;
      await insertAudit(em, audit, ctx);
      return true;
    });
  }

  insertIfEmpty(key: NewApiKey, audit: AuditRecord): Promise<boolean> {
    return inTransaction(this.db, async (em, ctx) => {
      // The revision lock serialises replicas that start together on an empty database.
      await lockRevisions(em, ctx);
      if ((await em.count(ApiKeyRowSchema, {}, { ctx })) > 0) return false;
      await em.insert(ApiKeyRowSchema, { ...key, lastUsedAt: null, revokedAt: null }, { ctx });
      await insertAudit(em, audit, ctx);
      return true;
    });
  }

  touch(lastUsed: Map<string, Date>): Promise<void> {
    return withEntityManager(this.db, async (em) => {
      for (const [id, at] of lastUsed) {
        await em.nativeUpdate(ApiKeyRowSchema, { id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: at } }] }, { lastUsedAt: at });
      }
    });
  }
}

import type { SqlEntityManager } from '@mikro-orm/knex';
import type { ApiKeyStore, NewApiKey, StoredApiKey } from './api-key-store';
import type { Database } from './open-database';
import { ApiKeyRowSchema, type ApiKeyRow } from './entities/api-key-row';
import { lockRevisions } from './revision-counter';
import { translateDatabaseError } from './translate-database-error';

export class MikroApiKeyStore implements ApiKeyStore {
  constructor(private readonly db: Database) {}

  findByHash(keyHash: string): Promise<StoredApiKey | null> {
    return this.run(async (em) => {
      const row = await em.findOne(ApiKeyRowSchema, { keyHash });
      return row ? { ...row } : null;
    });
  }

  listActive(): Promise<StoredApiKey[]> {
    return this.run(async (em) => {
      const rows = await em.find(ApiKeyRowSchema, { revokedAt: null }, { orderBy: { createdAt: 'asc', id: 'asc' } });
      return rows.map((row) => ({ ...row }));
    });
  }

  insert(key: NewApiKey): Promise<StoredApiKey> {
    return this.run(async (em) => {
      const row = em.create(ApiKeyRowSchema, { ...key, lastUsedAt: null, revokedAt: null } as ApiKeyRow);
      await em.flush();
      return { ...row };
    });
  }

  revoke(id: string, at: Date): Promise<boolean> {
    return this.run(async (em) => {
      const changed = await em.nativeUpdate(ApiKeyRowSchema, { id, revokedAt: null }, { revokedAt: at });
      return changed > 0;
    });
  }

  insertIfEmpty(key: NewApiKey): Promise<boolean> {
    return this.run((root) =>
      root.transactional(async (em) => {
        // The revision lock serialises replicas that start together on an empty database.
        await lockRevisions(em);
        if ((await em.count(ApiKeyRowSchema, {})) > 0) return false;
        em.create(ApiKeyRowSchema, { ...key, lastUsedAt: null, revokedAt: null } as ApiKeyRow);
        await em.flush();
        return true;
      }),
    );
  }

  touch(lastUsed: Map<string, Date>): Promise<void> {
    return this.run(async (em) => {
      for (const [id, at] of lastUsed) {
        await em.nativeUpdate(ApiKeyRowSchema, { id, $or: [{ lastUsedAt: null }, { lastUsedAt: { $lt: at } }] }, { lastUsedAt: at });
      }
    });
  }

  private async run<T>(work: (em: SqlEntityManager) => Promise<T>): Promise<T> {
    try {
      return await work(this.db.em());
    } catch (error) {
      throw translateDatabaseError(error);
    }
  }
}

import type { SqlEntityManager } from '@mikro-orm/knex';
import type { Database } from './open-database';
import { isStorageFull, translateDatabaseError } from './translate-database-error';

/** Runs one unit of work on a fresh EntityManager; driver failures come out as contract errors. */
export async function withEntityManager<T>(db: Database, work: (em: SqlEntityManager) => Promise<T>): Promise<T> {
  try {
    return await work(db.em());
  } catch (error) {
    if (isStorageFull(error)) db.storage.noteFull();
    throw translateDatabaseError(error);
  }
}

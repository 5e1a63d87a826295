import type { IsolationLevel, Transaction } from '@mikro-orm/core';
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

/**
 * Runs `work` in one database transaction on a fresh EntityManager, with MikroORM's native
 * operations (insert, nativeUpdate, find…), each given `{ ctx }`. Never `em.transactional` or the
 * unit of work's flush: both run inside an AsyncLocalStorage, and on Node 20 the first one used
 * turns on promise hooks for every promise of the process from then on (about a fifth of a
 * write's CPU: write-cost --node-arg, with and without). lifecycle/promise-hooks.test.ts keeps it so.
 */
export function inTransaction<T>(
  db: Database,
  work: (em: SqlEntityManager, ctx: Transaction) => Promise<T>,
  options: { isolationLevel?: IsolationLevel; readOnly?: boolean } = {},
): Promise<T> {
  return withEntityManager(db, (em) => em.getConnection().transactional((ctx) => work(em, ctx), options));
}

import type { SqlEntityManager } from '@mikro-orm/knex';
import type { SqlSession } from './sql-session';

/*
 * The global revision is one row. Every write transaction first touches it, which takes its
 * row lock (PostgreSQL) or the write lock (SQLite) until commit; so revisions are taken and
 * committed in the same order, and no reader can see R and later R-1. Plain SQL that both
 * databases run as written.
 */

export async function lockRevisions(em: SqlEntityManager): Promise<void> {
  await em.execute('update revision_counter set value = value where id = 1', [], 'run');
}

/**
 * Begins a write transaction on `session`, locking the counter first in it (one round trip);
 * the last revision taken. The lock is held until the transaction ends.
 */
export async function beginWrite(session: SqlSession): Promise<number> {
  const [row] = await session.beginWith<{ value: number | string }>('update revision_counter set value = value where id = 1 returning value');
  if (!row) throw new Error('revision_counter has no row: the initial migration did not run');
  return Number(row.value);
}

/** Sets the counter to the last revision the transaction took, and commits (one round trip). */
export async function endWrite(session: SqlSession, revision: number): Promise<void> {
  // A number this process counted, never input: written into the text so both go in one round trip.
  if (!Number.isSafeInteger(revision)) throw new Error(`not a revision: ${revision}`);
  await session.endWith(`update revision_counter set value = ${revision} where id = 1`);
}

export async function readRevision(em: SqlEntityManager): Promise<number> {
  const row = (await em.execute('select value from revision_counter where id = 1', [], 'get')) as { value: number | string } | undefined;
  return Number(row?.value ?? 0);
}

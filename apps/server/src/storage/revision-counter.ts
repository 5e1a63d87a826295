import type { Transaction } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type { SqlSession, Statement } from './sql-session';

/*
 * The global revision is one row. Every write transaction first touches it, which takes its
 * row lock (PostgreSQL) or the write lock (SQLite) until commit; so revisions are taken and
 * committed in the same order, and no reader can see R and later R-1. Plain SQL that both
 * databases run as written.
 */

export async function lockRevisions(em: SqlEntityManager, ctx: Transaction): Promise<void> {
  await em.getConnection().execute('update revision_counter set value = value where id = 1', [], 'run', ctx);
}

/** Takes the next revision (its `value`), and with it the counter's lock until the transaction ends. */
export const TAKE_REVISION: Statement = { sql: 'update revision_counter set value = value + 1 where id = 1 returning value', params: [], single: true };

/**
 * Queues the start of a write transaction on `session` and, first in it, the taking of the next
 * revision, which locks the counter until the transaction ends; both go with the session's next
 * query. Gives the revision taken, once known. A batch whose first change takes it needs no
 * other statement on the counter (see `setRevision`).
 */
export function beginWrite(session: SqlSession): () => Promise<number> {
  let taken: number | undefined;
  session.queue({ sql: 'begin', params: [] });
  session.queue(TAKE_REVISION, ([row]) => {
    if (!row) throw new Error('revision_counter has no row: the initial migration did not run');
    taken = Number(row.value);
  });
  return async () => {
    // Still queued only if nothing was read first: send it now.
    if (taken === undefined) await session.query('select 1');
    return taken!;
  };
}

/** Sets the counter to `revision`, the last one a transaction's changes took, before it commits. */
export function setRevision(revision: number): Statement {
  return { sql: 'update revision_counter set value = ? where id = 1', params: [revision] };
}

export async function readRevision(em: SqlEntityManager, ctx?: Transaction): Promise<number> {
  const row = (await em.getConnection().execute('select value from revision_counter where id = 1', [], 'get', ctx)) as { value: number | string } | undefined;
  return Number(row?.value ?? 0);
}

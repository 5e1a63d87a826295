import type { Database } from './open-database';
import { ConfigRowSchema } from './entities/config-row';
import { HistoryRowSchema } from './entities/history-row';
import { inTransaction, withEntityManager } from './with-entity-manager';
import { lockRevisions } from './revision-counter';

export type SealedTable = 'configurations' | 'configuration_history';

export interface SealedRow {
  id: number;
  valueJson: string;
}

// Both tables share the columns walked here (id, value, secret); typed as one for the queries.
const SCHEMAS = { configurations: ConfigRowSchema, configuration_history: HistoryRowSchema as unknown as typeof ConfigRowSchema } as const;

/** The stored values of secret entries, read and rewritten in id order: what key rotation walks. */
export class SealedValueStore {
  constructor(private readonly db: Database) {}

  count(table: SealedTable): Promise<number> {
    return withEntityManager(this.db, (em) => em.count(SCHEMAS[table], { secret: true, value: { $ne: null } }));
  }

  page(table: SealedTable, afterId: number, limit: number): Promise<SealedRow[]> {
    return withEntityManager(this.db, async (em) => {
      const rows = await em.find(
        SCHEMAS[table],
        { secret: true, value: { $ne: null }, id: { $gt: afterId } },
        { orderBy: { id: 'asc' }, limit, fields: ['id', 'value'] },
      );
      return rows.map((row) => ({ id: row.id, valueJson: row.value as string }));
    });
  }

  /**
   * Replaces values in one transaction, each only if it is still what was read: a write that
   * landed meanwhile (already under the new key) is never overwritten. Under the revision lock,
   * so that it never falls inside a write batch, which works from what it read at its start (a
   * delete's tombstone keeps the value it read).
   */
  replace(table: SealedTable, replacements: { id: number; from: string; to: string }[]): Promise<number> {
    return inTransaction(this.db, async (em, ctx) => {
      await lockRevisions(em, ctx);
      let changed = 0;
      for (const { id, from, to } of replacements) {
        changed += await em.nativeUpdate(SCHEMAS[table], { id, value: from }, { value: to }, { ctx });
      }
      return changed;
    });
  }
}

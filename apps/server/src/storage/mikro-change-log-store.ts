import type { CommittedChange } from '@config-service/contract';
import type { ChangeLogStore } from './change-log-store';
import type { Database } from './open-database';
import { HistoryRowSchema, type HistoryRow } from './entities/history-row';
import { readRevision } from './revision-counter';
import { withEntityManager } from './with-entity-manager';

/** The change log on MikroORM: configuration_history by its unique revision index. */
export class MikroChangeLogStore implements ChangeLogStore {
  constructor(private readonly db: Database) {}

  async changesSince(afterRevision: number, limit: number): Promise<CommittedChange[]> {
    return withEntityManager(this.db, async (em) => {
      const rows = await em.find(HistoryRowSchema, { revision: { $gt: afterRevision } }, { orderBy: { revision: 'asc' }, limit });
      return rows.map(toCommittedChange);
    });
  }

  async headRevision(): Promise<number> {
    return withEntityManager(this.db, (em) => readRevision(em));
  }

}

function toCommittedChange(row: HistoryRow): CommittedChange {
  return {
    namespace: row.namespace,
    key: row.key,
    version: row.version,
    revision: row.revision,
    action: row.action,
    valueJson: row.action === 'deleted' ? null : row.value,
    secret: row.secret,
    actor: row.createdBy,
    at: row.createdAt,
  };
}

import { IsolationLevel, raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type {
  ChangeToCommit,
  ConfigStore,
  ListPage,
  NamespaceStats,
  StoredEntry,
  StoredHistoryItem,
  StoredSchema,
  SchemaTransaction,
  WriteTransaction,
} from '@config-service/contract';
import type { Database } from './open-database';
import { ConfigRowSchema, type ConfigRow } from './entities/config-row';
import { HistoryRowSchema, type HistoryRow } from './entities/history-row';
import { SchemaRowSchema, type SchemaRow } from './entities/schema-row';
import { withEntityManager } from './with-entity-manager';
import { persistAudit } from './audit-writer';
import { lockRevisions, nextRevision, readRevision } from './revision-counter';

/** ConfigStore on MikroORM: the same queries on SQLite and PostgreSQL. */
export class MikroConfigStore implements ConfigStore {
  constructor(private readonly db: Database) {}

  async getEntry(namespace: string, key: string): Promise<StoredEntry | null> {
    return this.run(async (em) => {
      const row = await em.findOne(ConfigRowSchema, { namespace, key });
      return row ? toStoredEntry(row) : null;
    });
  }

  async listEntries(namespace: string, options: { prefix?: string; afterKey?: string; limit: number }): Promise<ListPage> {
    return this.run(async (root) =>
      // One snapshot for the revision and the items: on PostgreSQL REPEATABLE READ gives it;
      // SQLite's single connection makes the transaction exclusive anyway.
      root.transactional(
        async (em) => {
          const revision = await readRevision(em);
          const conditions: Record<string, unknown>[] = [{ namespace }, { deleted: false }];
          if (options.afterKey !== undefined) conditions.push({ key: { $gt: options.afterKey } });
          if (options.prefix) conditions.push({ key: { $gte: options.prefix } }, { key: { $lt: prefixEnd(options.prefix) } });
          const rows = await em.find(ConfigRowSchema, { $and: conditions }, { orderBy: { key: 'asc' }, limit: options.limit });
          return { revision, items: rows.map(toStoredEntry) };
        },
        this.db.kind === 'postgresql' ? { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true } : {},
      ),
    );
  }

  async listHistory(namespace: string, key: string, options: { beforeVersion?: number; limit: number }): Promise<StoredHistoryItem[]> {
    return this.run(async (em) => {
      const where: Record<string, unknown> = { namespace, key };
      if (options.beforeVersion !== undefined) where.version = { $lt: options.beforeVersion };
      const rows = await em.find(HistoryRowSchema, where, { orderBy: { version: 'desc' }, limit: options.limit });
      return rows.map(toStoredHistoryItem);
    });
  }

  async listNamespaces(): Promise<NamespaceStats[]> {
    return this.run(async (em) => {
      const rows = (await em
        .createQueryBuilder(ConfigRowSchema)
        .select(['namespace', raw('count(*) as config_count'), raw('max(updated_at) as last_updated')])
        .where({ deleted: false })
        .groupBy('namespace')
        .orderBy({ namespace: 'asc' })
        .execute('all', false)) as { namespace: string; config_count: number | string; last_updated: Date | number | string }[];
      return rows.map((row) => ({
        name: row.namespace,
        configCount: Number(row.config_count),
        updatedAt: toDate(row.last_updated),
      }));
    });
  }

  /**
   * One write transaction. Its first statement takes the next revision, which locks the counter
   * row until the end, so revisions are taken and committed in one order. A write that commits
   * no change (a no-op, a failed precondition) rolls back and so gives its revision back: the
   * revisions that exist have no holes.
   */
  async write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.run(async (em) => {
      await em.begin();
      try {
        const revision = await nextRevision(em);
        let committed = false;
        // The rows this transaction read (null: there is none), so the commit does not read them again.
        const read = new Map<string, ConfigRow | null>();
        const tx: WriteTransaction = {
          getEntry: async (namespace, key) => {
            const row = await em.findOne(ConfigRowSchema, { namespace, key });
            read.set(rowName(namespace, key), row);
            return row ? toStoredEntry(row) : null;
          },
          getHistoryItem: async (namespace, key, version) => {
            const row = await em.findOne(HistoryRowSchema, { namespace, key, version });
            return row ? toStoredHistoryItem(row) : null;
          },
          // Read, not tracked: the write's flush then has no schema row to compare.
          getSchema: async (namespace, key) => {
            const row = await em.findOne(SchemaRowSchema, { namespace, key, deleted: false }, { disableIdentityMap: true });
            return row ? toStoredSchema(row) : null;
          },
          commit: async (change) => {
            if (committed) throw new Error('one change per write transaction: each takes its own revision');
            committed = true;
            const name = rowName(change.namespace, change.key);
            return applyChange(em, change, revision, read.has(name) ? read.get(name)! : undefined);
          },
          // Written with the change in the transaction's one flush, just before it commits.
          appendAudit: async (record) => persistAudit(em, record),
        };
        const result = await work(tx);
        if (committed) await em.commit();
        else await em.rollback();
        return result;
      } catch (error) {
        await em.rollback().catch(() => undefined);
        throw error;
      }
    });
  }

  async getSchema(namespace: string, key: string): Promise<StoredSchema | null> {
    return this.run(async (em) => {
      const row = await em.findOne(SchemaRowSchema, { namespace, key, deleted: false });
      return row ? toStoredSchema(row) : null;
    });
  }

  async listSchemas(namespace: string): Promise<StoredSchema[]> {
    return this.run(async (em) => {
      const rows = await em.find(SchemaRowSchema, { namespace, deleted: false }, { orderBy: { key: 'asc' } });
      return rows.map(toStoredSchema);
    });
  }

  /**
   * A schema change under the revision lock (so it never falls between a value write's check
   * and its commit) that takes no revision: schema changes are not config changes.
   */
  async writeSchema<T>(work: (tx: SchemaTransaction) => Promise<T>): Promise<T> {
    return this.run(async (em) => {
      await em.begin();
      try {
        await lockRevisions(em);
        const tx: SchemaTransaction = {
          getEntry: async (namespace, key) => {
            const row = await em.findOne(ConfigRowSchema, { namespace, key });
            return row ? toStoredEntry(row) : null;
          },
          getSchema: async (namespace, key) => {
            const row = await em.findOne(SchemaRowSchema, { namespace, key });
            return row ? { ...toStoredSchema(row), deleted: row.deleted } : null;
          },
          putSchema: async (schema) => {
            const row = (await em.findOne(SchemaRowSchema, { namespace: schema.namespace, key: schema.key })) ?? em.create(SchemaRowSchema, { namespace: schema.namespace, key: schema.key } as SchemaRow);
            Object.assign(row, { schema: schema.schemaJson, version: schema.version, deleted: false, updatedAt: schema.updatedAt, updatedBy: schema.updatedBy });
            return toStoredSchema(row);
          },
          deleteSchema: async (namespace, key, at, actor) => {
            const row = await em.findOne(SchemaRowSchema, { namespace, key });
            if (row) Object.assign(row, { deleted: true, updatedAt: at, updatedBy: actor });
          },
          appendAudit: async (record) => persistAudit(em, record),
        };
        const result = await work(tx);
        await em.commit();
        return result;
      } catch (error) {
        await em.rollback().catch(() => undefined);
        throw error;
      }
    });
  }

  async ping(): Promise<void> {
    await this.run((em) => em.execute('select 1'));
  }

  private run<T>(work: (em: SqlEntityManager) => Promise<T>): Promise<T> {
    return withEntityManager(this.db, work);
  }
}

/**
 * Applies `change`, at `revision`, to the entry's row (`known`: as this transaction read it, null
 * if there was none; undefined: not read yet) and its history. Flushed, with the audit row,
 * when the transaction commits.
 */
async function applyChange(em: SqlEntityManager, change: ChangeToCommit, revision: number, known: ConfigRow | null | undefined): Promise<StoredEntry> {
  let row = known === undefined ? await em.findOne(ConfigRowSchema, { namespace: change.namespace, key: change.key }) : known;
  const deleted = change.action === 'deleted';
  if (!row) {
    row = em.create(ConfigRowSchema, {
      namespace: change.namespace,
      key: change.key,
      createdAt: change.at,
    } as ConfigRow);
  } else if (row.deleted && !deleted) {
    // A re-created key starts a new life: its creation time is now.
    row.createdAt = change.at;
  }
  Object.assign(row, {
    value: deleted ? row.value : change.valueJson,
    metadata: deleted ? row.metadata : change.metadataJson,
    secret: change.secret,
    version: change.version,
    revision,
    deleted,
    updatedAt: change.at,
    updatedBy: change.actor,
  });
  em.create(HistoryRowSchema, {
    namespace: change.namespace,
    key: change.key,
    version: change.version,
    revision,
    action: change.action,
    value: change.valueJson,
    metadata: change.metadataJson,
    secret: change.secret,
    createdAt: change.at,
    createdBy: change.actor,
  } as HistoryRow);
  return toStoredEntry(row);
}

function rowName(namespace: string, key: string): string {
  // Neither name may contain '/', so the pair is unambiguous.
  return `${namespace}/${key}`;
}

/** The smallest string above every string that starts with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
}

function toDate(value: Date | number | string): Date {
  if (value instanceof Date) return value;
  return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
}

function toStoredEntry(row: ConfigRow): StoredEntry {
  return {
    namespace: row.namespace,
    key: row.key,
    valueJson: row.value,
    metadataJson: row.metadata,
    secret: row.secret,
    version: row.version,
    revision: row.revision,
    deleted: row.deleted,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

function toStoredHistoryItem(row: HistoryRow): StoredHistoryItem {
  return {
    namespace: row.namespace,
    key: row.key,
    version: row.version,
    revision: row.revision,
    action: row.action,
    valueJson: row.value,
    metadataJson: row.metadata,
    secret: row.secret,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
  };
}

function toStoredSchema(row: SchemaRow): StoredSchema {
  return { namespace: row.namespace, key: row.key, schemaJson: row.schema, version: row.version, updatedAt: row.updatedAt, updatedBy: row.updatedBy };
}

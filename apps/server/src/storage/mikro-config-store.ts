import { IsolationLevel, raw } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import type {
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
import { withSqlSession, type Statement } from './sql-session';
import { auditStatement, changeStatements, selectEntry, selectHistoryItem, selectLiveSchema, toDate } from './entry-sql';
import { persistAudit } from './audit-writer';
import { beginWrite, lockRevisions, readRevision } from './revision-counter';

/** ConfigStore on MikroORM: the same queries on SQLite and PostgreSQL. */
export class MikroConfigStore implements ConfigStore {
  constructor(private readonly db: Database) {}

  async getEntry(namespace: string, key: string): Promise<StoredEntry | null> {
    return withSqlSession(this.db, (session) => selectEntry(session, namespace, key));
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
   * revisions that exist have no holes. Four round trips on PostgreSQL: begin with the revision,
   * read the entry, write the entry, its history item and audit row, commit.
   */
  async write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return withSqlSession(this.db, async (session) => {
      try {
        const revision = await beginWrite(session);
        let committed = false;
        // The change's rows and its audit row, written together just before the commit.
        const writes: Statement[] = [];
        // The entries this transaction read (null: there is none), so the commit does not read them again.
        const read = new Map<string, StoredEntry | null>();
        const tx: WriteTransaction = {
          getEntry: async (namespace, key) => {
            const entry = await selectEntry(session, namespace, key);
            read.set(rowName(namespace, key), entry);
            return entry;
          },
          getHistoryItem: (namespace, key, version) => selectHistoryItem(session, namespace, key, version),
          getSchema: (namespace, key) => selectLiveSchema(session, namespace, key),
          commit: async (change) => {
            if (committed) throw new Error('one change per write transaction: each takes its own revision');
            committed = true;
            const name = rowName(change.namespace, change.key);
            const current = read.has(name) ? read.get(name)! : await selectEntry(session, change.namespace, change.key);
            const { entry, statements } = changeStatements(change, revision, current);
            writes.push(...statements);
            return entry;
          },
          appendAudit: (record) => {
            writes.push(auditStatement(record));
            return Promise.resolve();
          },
        };
        const result = await work(tx);
        if (committed) {
          await session.writeAll(writes);
          await session.query('commit');
        } else {
          await session.query('rollback');
        }
        return result;
      } catch (error) {
        await session.query('rollback').catch(() => undefined);
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

function rowName(namespace: string, key: string): string {
  // Neither name may contain '/', so the pair is unambiguous.
  return `${namespace}/${key}`;
}

/** The smallest string above every string that starts with `prefix`. */
function prefixEnd(prefix: string): string {
  return prefix + '\uffff';
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

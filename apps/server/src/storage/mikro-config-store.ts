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
import { GroupCommit, type EntryRef, type UnitOutcome, type WriteWork } from '@config-service/contract';
import type { Database } from './open-database';
import { ConfigRowSchema, type ConfigRow } from './entities/config-row';
import { HistoryRowSchema, type HistoryRow } from './entities/history-row';
import { SchemaRowSchema, type SchemaRow } from './entities/schema-row';
import { inTransaction, withEntityManager } from './with-entity-manager';
import { withSqlSession, type SqlSession, type Statement } from './sql-session';
import {
  auditStatement,
  changeStatements,
  selectEntriesAndSchemas,
  selectEntry,
  selectEntryAndSchema,
  selectHistoryItem,
  selectLiveSchema,
  toDate,
  type EntryAndSchema,
} from './entry-sql';
import { insertAudit } from './audit-writer';
import { beginWrite, lockRevisions, readRevision, setRevision } from './revision-counter';

export interface MikroConfigStoreOptions {
  /** Told the size of each batch of write units committed in one transaction. */
  onBatch?: (size: number) => void;
}

/** ConfigStore on MikroORM: the same queries on SQLite and PostgreSQL. */
export class MikroConfigStore implements ConfigStore {
  private readonly units: GroupCommit;

  constructor(
    private readonly db: Database,
    options: MikroConfigStoreOptions = {},
  ) {
    // A batch starts after the event loop's poll phase: every request read in that turn joins it.
    this.units = new GroupCommit((works, entries) => this.runBatch(works, entries), { schedule: (start) => setImmediate(start), ...(options.onBatch ? { onBatch: options.onBatch } : {}) });
  }

  async getEntry(namespace: string, key: string): Promise<StoredEntry | null> {
    return withSqlSession(this.db, (session) => selectEntry(session, namespace, key));
  }

  async listEntries(namespace: string, options: { prefix?: string; afterKey?: string; limit: number }): Promise<ListPage> {
    // One snapshot for the revision and the items: on PostgreSQL REPEATABLE READ gives it;
    // SQLite's single connection makes the transaction exclusive anyway.
    return inTransaction(
      this.db,
      async (em, ctx) => {
        const revision = await readRevision(em, ctx);
        const conditions: Record<string, unknown>[] = [{ namespace }, { deleted: false }];
        if (options.afterKey !== undefined) conditions.push({ key: { $gt: options.afterKey } });
        if (options.prefix) conditions.push({ key: { $gte: options.prefix } }, { key: { $lt: prefixEnd(options.prefix) } });
        const rows = await em.find(ConfigRowSchema, { $and: conditions }, { orderBy: { key: 'asc' }, limit: options.limit, ctx });
        return { revision, items: rows.map(toStoredEntry) };
      },
      this.db.kind === 'postgresql' ? { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true } : {},
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

  write<T>(work: (tx: WriteTransaction) => Promise<T>, entry?: EntryRef): Promise<T> {
    return this.units.submit(work, entry);
  }

  /**
   * One transaction for a batch of write units (group commit). Its first statement takes the
   * next revision, which locks the revision counter's row until the commit, so batches (of this
   * replica and of every other) commit one after another and revisions in the order they are
   * taken. Each unit that commits a change takes the next revision, and its rows (entry, history
   * item, audit row) are written as soon as its work returns, so the next unit reads them; a
   * unit that throws or commits nothing has written nothing and takes no revision. A batch that
   * committed no change rolls back, giving back the revision its first statement took; one that
   * committed several sets the counter to the last before it commits: the revisions that exist
   * have no holes. A database error ends the whole batch (rolled back; GroupCommit then runs
   * each unit alone). The session sends what needs no answer (begin, each unit's rows) with the
   * next statement it waits for, and on PostgreSQL reads the entries the units name ahead, so
   * there a batch is two round trips however many units it has (begin, take the revision and
   * read the entries and their schemas; write every unit's rows and commit); a read no unit
   * named (a rollback's history item) adds one.
   */
  private runBatch(works: readonly WriteWork[], entries: readonly (EntryRef | undefined)[]): Promise<UnitOutcome[]> {
    return withSqlSession(this.db, async (raw) => {
      // A statement the database refused: after it the transaction is not to be trusted (on
      // PostgreSQL it is aborted), whatever the unit that met it did with the error.
      let refused: { error: unknown } | undefined;
      const session = refusalNoting(raw, (error) => (refused ??= { error }));
      try {
        const first = beginWrite(session);
        const ahead = await this.readAhead(session, entries);
        let changes = 0;
        const outcomes: UnitOutcome[] = [];
        for (const work of works) {
          const taken = changes;
          const unit = writeUnit(session, async () => (await first()) + taken, ahead);
          try {
            const value = await work(unit.tx);
            if (refused) throw refused.error;
            // Sent with the next unit's first read (which so sees them) or with the commit.
            for (const statement of unit.writes) session.queue(statement);
            if (unit.written && ahead) {
              if (unit.written.state) ahead.set(unit.written.name, unit.written.state);
              else ahead.delete(unit.written.name);
            }
            if (unit.written) changes += 1;
            outcomes.push({ ok: true, value });
          } catch (error) {
            if (refused) throw refused.error;
            outcomes.push({ ok: false, error });
          }
        }
        if (changes === 0) {
          await session.rollback();
          return outcomes;
        }
        if (changes > 1) session.queue(setRevision((await first()) + changes - 1));
        await session.query('commit');
        return outcomes;
      } catch (error) {
        await raw.rollback().catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * On PostgreSQL, the entries a batch's units say they write, read at once (in the round trip
   * that begins the transaction), so that each unit's read costs no round trip of its own: a
   * batch of N is two round trips instead of N + 1. SQLite reads in process: nothing to save.
   */
  private async readAhead(session: SqlSession, entries: readonly (EntryRef | undefined)[]): Promise<Map<string, EntryAndSchema> | undefined> {
    if (this.db.kind !== 'postgresql' || entries.length < 2) return undefined;
    const named = new Map<string, EntryRef>();
    for (const entry of entries) if (entry) named.set(rowName(entry.namespace, entry.key), entry);
    return named.size > 0 ? selectEntriesAndSchemas(session, [...named.values()]) : undefined;
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
    return inTransaction(this.db, async (em, ctx) => {
      await lockRevisions(em, ctx);
      const tx: SchemaTransaction = {
        getEntry: async (namespace, key) => {
          const row = await em.findOne(ConfigRowSchema, { namespace, key }, { ctx });
          return row ? toStoredEntry(row) : null;
        },
        getSchema: async (namespace, key) => {
          const row = await em.findOne(SchemaRowSchema, { namespace, key }, { ctx });
          return row ? { ...toStoredSchema(row), deleted: row.deleted } : null;
        },
        putSchema: async (schema) => {
          const state = { schema: schema.schemaJson, version: schema.version, deleted: false, updatedAt: schema.updatedAt, updatedBy: schema.updatedBy };
          const where = { namespace: schema.namespace, key: schema.key };
          // A schema's row stays once made (a tombstone when deleted): update it, else add it.
          const updated = await em.nativeUpdate(SchemaRowSchema, where, state, { ctx });
          if (updated === 0) await em.insert(SchemaRowSchema, { ...where, ...state } as SchemaRow, { ctx });
          return { ...schema };
        },
        deleteSchema: async (namespace, key, at, actor) => {
          await em.nativeUpdate(SchemaRowSchema, { namespace, key }, { deleted: true, updatedAt: at, updatedBy: actor }, { ctx });
        },
        appendAudit: (record) => insertAudit(em, record, ctx),
      };
      return work(tx);
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
 * A unit's view of the batch's transaction: it reads on the shared session and stages its change
 * and audit rows, which the batch sends only if the unit's work finishes without error. `ahead`:
 * entries (and schemas) read ahead for the batch, kept up to date with what its units wrote.
 */
function writeUnit(
  session: SqlSession,
  revision: () => Promise<number>,
  ahead: Map<string, EntryAndSchema> | undefined,
): WriteUnit {
  const writes: Statement[] = [];
  // The entries this unit read (null: there is none), so its commit does not read them again,
  // and their keys' schemas, read with them (nothing can change either under the lock).
  const read = new Map<string, StoredEntry | null>();
  const schemas = new Map<string, StoredSchema | null>();
  const tx: WriteTransaction = {
    getEntry: async (namespace, key) => {
      const name = rowName(namespace, key);
      const { entry, schema } = ahead?.get(name) ?? (await selectEntryAndSchema(session, namespace, key));
      read.set(name, entry);
      schemas.set(name, schema);
      return entry;
    },
    getHistoryItem: (namespace, key, version) => selectHistoryItem(session, namespace, key, version),
    getSchema: async (namespace, key) => {
      const name = rowName(namespace, key);
      return schemas.has(name) ? schemas.get(name)! : selectLiveSchema(session, namespace, key);
    },
    commit: async (change) => {
      if (unit.written) throw new Error('one change per write transaction: each takes its own revision');
      const name = rowName(change.namespace, change.key);
      const written: WriteUnit['written'] = { name, state: undefined };
      unit.written = written;
      const current = read.has(name) ? read.get(name)! : ahead?.has(name) ? ahead.get(name)!.entry : await selectEntry(session, change.namespace, change.key);
      const { entry, statements } = changeStatements(change, await revision(), current);
      writes.push(...statements);
      // What a later unit of the batch reads for this key (the schema only if this unit read it).
      written.state = schemas.has(name) ? { entry, schema: schemas.get(name)! } : undefined;
      return entry;
    },
    appendAudit: (record) => {
      writes.push(auditStatement(record));
      return Promise.resolve();
    },
  };
  // `written` is a plain property that the commit sets, not a getter over a closure. With the
  // getter, each write promoted about 3.8 KB to the old generation and scavenges took ten times
  // as long (measured: mikro-config-store-garbage.test.ts, and a GC trace of in-process writes).
  const unit: WriteUnit = { tx, writes, written: undefined };
  return unit;
}

interface WriteUnit {
  tx: WriteTransaction;
  writes: Statement[];
  /**
   * The entry the unit's change wrote, once it committed one (set by `tx.commit` only); `state`,
   * what a later unit of the batch reads for it.
   */
  written: { name: string; state: EntryAndSchema | undefined } | undefined;
}

/** `session`, telling `noteRefusal` of every error a statement met. */
function refusalNoting(session: SqlSession, noteRefusal: (error: unknown) => void): SqlSession {
  const noting = async <R>(run: () => Promise<R>): Promise<R> => {
    try {
      return await run();
    } catch (error) {
      noteRefusal(error);
      throw error;
    }
  };
  return {
    query: (sql, params) => noting(() => session.query(sql, params)),
    queryRow: (sql, params) => noting(() => session.queryRow(sql, params)),
    queue: (statement, onRows) => session.queue(statement, onRows),
    rollback: () => session.rollback(),
  };
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

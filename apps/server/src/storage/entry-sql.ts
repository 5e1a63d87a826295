import type { SqlEntityManager } from '@mikro-orm/knex';
import type { AuditRecord, ChangeToCommit, StoredEntry, StoredHistoryItem } from '@config-service/contract';

/*
 * The write path's statements, in plain SQL that SQLite and PostgreSQL both run as written,
 * sent with their parameters bound (not inlined, as `em.execute` does) on the transaction's
 * connection, so each statement's text is fixed and SQLite prepares it once per connection
 * (prepared-statement-cache.ts). A write touches a handful of
 * known rows; the unit of work (identity map, change sets, hydration, query building) cost
 * more CPU per PUT than the statements themselves, and gives nothing here: the rows are read
 * once and written once. The entity schemas (entities/) stay the source of the table shapes
 * and serve the reads that page and filter.
 *
 * Parameters: knex turns a Date into epoch ms and a boolean into 0/1 on SQLite, which is how
 * MikroORM stores them there; PostgreSQL takes both as they are.
 */

const ENTRY_COLUMNS =
  'namespace, config_key, cast(value as text) as value, cast(metadata as text) as metadata, secret, version, revision, deleted, created_at, updated_at, updated_by';

const SELECT_ENTRY = `select ${ENTRY_COLUMNS} from configurations where namespace = ? and config_key = ?`;
const INSERT_ENTRY =
  'insert into configurations (namespace, config_key, value, metadata, secret, version, revision, deleted, created_at, updated_at, updated_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const UPDATE_ENTRY =
  'update configurations set value = ?, metadata = ?, secret = ?, version = ?, revision = ?, deleted = ?, created_at = ?, updated_at = ?, updated_by = ? where namespace = ? and config_key = ?';
const SELECT_HISTORY_ITEM =
  'select namespace, config_key, version, revision, action, cast(value as text) as value, cast(metadata as text) as metadata, secret, created_at, created_by from configuration_history where namespace = ? and config_key = ? and version = ?';
const INSERT_HISTORY_ITEM =
  'insert into configuration_history (namespace, config_key, version, revision, action, value, metadata, secret, created_at, created_by) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const INSERT_AUDIT =
  'insert into audit_logs (action, entity_type, entity_id, user_id, changes, request_id, created_at) values (?, ?, ?, ?, ?, ?, ?)';

interface EntryRow {
  namespace: string;
  config_key: string;
  value: string | null;
  metadata: string | null;
  secret: boolean | number;
  version: number;
  revision: number | string;
  deleted: boolean | number;
  created_at: Date | number | string;
  updated_at: Date | number | string;
  updated_by: string;
}

interface HistoryItemRow {
  namespace: string;
  config_key: string;
  version: number;
  revision: number | string;
  action: StoredHistoryItem['action'];
  value: string | null;
  metadata: string | null;
  secret: boolean | number;
  created_at: Date | number | string;
  created_by: string;
}

/** Runs `sql` with `params` bound, in `em`'s transaction if it has one; the rows it returned. */
async function query<T>(em: SqlEntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const statement = em.getConnection().getKnex().raw(sql, params as never[]);
  const transaction = em.getTransactionContext();
  if (transaction) statement.transacting(transaction);
  try {
    // SQLite (libsql) answers with the rows, or a run's info object; PostgreSQL with a result.
    const result = (await statement) as unknown;
    if (Array.isArray(result)) return result as T[];
    return ((result as { rows?: T[] }).rows ?? []) as T[];
  } catch (error) {
    // The same typed errors em.execute gives, for translate-database-error.
    throw em.getDriver().convertException(error as Error);
  }
}

export async function selectEntry(em: SqlEntityManager, namespace: string, key: string): Promise<StoredEntry | null> {
  const [row] = await query<EntryRow>(em, SELECT_ENTRY, [namespace, key]);
  return row ? toStoredEntry(row) : null;
}

export async function selectHistoryItem(em: SqlEntityManager, namespace: string, key: string, version: number): Promise<StoredHistoryItem | null> {
  const [row] = await query<HistoryItemRow>(em, SELECT_HISTORY_ITEM, [namespace, key, version]);
  return row ? toStoredHistoryItem(row) : null;
}

/**
 * Writes `change` at `revision` over `current` (the entry as this transaction read it, null if
 * the key never existed) and adds its history item; returns the entry as it now is.
 */
export async function writeChange(em: SqlEntityManager, change: ChangeToCommit, revision: number, current: StoredEntry | null): Promise<StoredEntry> {
  const deleted = change.action === 'deleted';
  const entry: StoredEntry = {
    namespace: change.namespace,
    key: change.key,
    // A deletion keeps the last value and metadata on the tombstone.
    valueJson: deleted && current ? current.valueJson : change.valueJson,
    metadataJson: deleted && current ? current.metadataJson : change.metadataJson,
    secret: change.secret,
    version: change.version,
    revision,
    deleted,
    // A re-created key starts a new life: its creation time is now.
    createdAt: current && !(current.deleted && !deleted) ? current.createdAt : change.at,
    updatedAt: change.at,
    updatedBy: change.actor,
  };
  const state = [entry.valueJson, entry.metadataJson, entry.secret, entry.version, entry.revision, entry.deleted, entry.createdAt, entry.updatedAt, entry.updatedBy];
  if (current) await query(em, UPDATE_ENTRY, [...state, entry.namespace, entry.key]);
  else await query(em, INSERT_ENTRY, [entry.namespace, entry.key, ...state]);
  await query(em, INSERT_HISTORY_ITEM, [
    change.namespace, change.key, change.version, revision, change.action, change.valueJson, change.metadataJson, change.secret, change.at, change.actor,
  ]);
  return entry;
}

export async function insertAudit(em: SqlEntityManager, record: AuditRecord): Promise<void> {
  await query(em, INSERT_AUDIT, [record.action, record.entityType, record.entityId, record.userId, record.changesJson, record.requestId, record.at]);
}

function toStoredEntry(row: EntryRow): StoredEntry {
  return {
    namespace: row.namespace,
    key: row.config_key,
    valueJson: row.value,
    metadataJson: row.metadata,
    secret: Boolean(row.secret),
    version: Number(row.version),
    revision: Number(row.revision),
    deleted: Boolean(row.deleted),
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    updatedBy: row.updated_by,
  };
}

function toStoredHistoryItem(row: HistoryItemRow): StoredHistoryItem {
  return {
    namespace: row.namespace,
    key: row.config_key,
    version: Number(row.version),
    revision: Number(row.revision),
    action: row.action,
    valueJson: row.value,
    metadataJson: row.metadata,
    secret: Boolean(row.secret),
    createdAt: toDate(row.created_at),
    createdBy: row.created_by,
  };
}

/** A timestamp as the driver gives it: a Date (PostgreSQL), epoch ms (SQLite), or their text. */
export function toDate(value: Date | number | string): Date {
  if (value instanceof Date) return value;
  return new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
}

import type { AuditRecord, ChangeToCommit, StoredEntry, StoredHistoryItem, StoredSchema } from '@config-service/contract';
import type { SqlSession, Statement } from './sql-session';

/*
 * The write path's statements, in plain SQL that SQLite and PostgreSQL both run as written,
 * run on the write transaction's connection (sql-session.ts) with their parameters bound, so
 * each is prepared once per connection. A write touches a handful of known rows; the unit of work (identity map, change sets, hydration, query building) cost
 * more CPU per PUT than the statements themselves, and gives nothing here: the rows are read
 * once and written once. The entity schemas (entities/) stay the source of the table shapes
 * and serve the reads that page and filter.
 */

const ENTRY_COLUMNS =
  'namespace, config_key, cast(value as text) as value, cast(metadata as text) as metadata, secret, version, revision, deleted, created_at, updated_at, updated_by';

const SELECT_ENTRY = `select ${ENTRY_COLUMNS} from configurations where namespace = ? and config_key = ?`;

/** An entry (as `c`) and its key's live schema (as `s`), joined: the columns `entryAndSchemaOf` reads. */
const JOINED_COLUMNS =
  'c.namespace, c.config_key, cast(c.value as text) as value, cast(c.metadata as text) as metadata, c.secret, c.version, c.revision, c.deleted, c.created_at, c.updated_at, c.updated_by, ' +
  'cast(s."schema" as text) as schema_text, s.version as schema_version, s.updated_at as schema_updated_at, s.updated_by as schema_updated_by';
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

/*
 * A write reads the entry and then its key's schema: one statement for both (one round trip on
 * PostgreSQL), one row whether or not either exists.
 */
const SELECT_ENTRY_AND_SCHEMA =
  `select ${JOINED_COLUMNS} ` +
  'from (select 1 as here) as one ' +
  'left join configurations c on c.namespace = ? and c.config_key = ? ' +
  'left join config_schemas s on s.namespace = ? and s.config_key = ? and s.deleted = ?';

const SELECT_LIVE_SCHEMA =
  'select namespace, config_key, cast("schema" as text) as "schema", version, updated_at, updated_by from config_schemas where namespace = ? and config_key = ? and deleted = ?';

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

interface SchemaRow {
  namespace: string;
  config_key: string;
  schema: string;
  version: number;
  updated_at: Date | number | string;
  updated_by: string;
}

/** The schema columns of the entry-and-schema read: all null when the key has no live schema. */
interface JoinedSchema {
  schema_text: string | null;
  schema_version: number | null;
  schema_updated_at: Date | number | string | null;
  schema_updated_by: string | null;
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

export async function selectEntry(session: SqlSession, namespace: string, key: string): Promise<StoredEntry | null> {
  const row = await session.queryRow<EntryRow>(SELECT_ENTRY, [namespace, key]);
  return row ? toStoredEntry(row) : null;
}

/** The entry (null if the key never existed) and the key's live schema (null if none), in one statement. */
export async function selectEntryAndSchema(session: SqlSession, namespace: string, key: string): Promise<EntryAndSchema> {
  const { sql, params } = entryAndSchemaRead(namespace, key);
  return entryAndSchemaOf(await session.queryRow<JoinedRow>(sql, params), namespace, key);
}

/** The statement `selectEntryAndSchema` runs: one row, whether or not the entry or the schema exists. */
export function entryAndSchemaRead(namespace: string, key: string): Statement {
  return { sql: SELECT_ENTRY_AND_SCHEMA, params: [namespace, key, namespace, key, false], single: true };
}

export interface EntryAndSchema {
  entry: StoredEntry | null;
  schema: StoredSchema | null;
}

/*
 * The entries (and their keys' live schemas) that a batch's units say they write, read in one
 * statement. PostgreSQL only (unnest): there every read is a round trip; SQLite reads in process.
 */
const SELECT_ENTRIES_AND_SCHEMAS =
  `select k.namespace as want_namespace, k.config_key as want_key, ${JOINED_COLUMNS} ` +
  'from unnest(?::text[], ?::text[]) as k(namespace, config_key) ' +
  'left join configurations c on c.namespace = k.namespace and c.config_key = k.config_key ' +
  'left join config_schemas s on s.namespace = k.namespace and s.config_key = k.config_key and s.deleted = false';

/** `entries` and their schemas, by `namespace/key` (PostgreSQL only). */
export async function selectEntriesAndSchemas(session: SqlSession, entries: readonly { namespace: string; key: string }[]): Promise<Map<string, EntryAndSchema>> {
  const rows = await session.query<JoinedRow & { want_namespace: string; want_key: string }>(SELECT_ENTRIES_AND_SCHEMAS, [
    entries.map((entry) => entry.namespace),
    entries.map((entry) => entry.key),
  ]);
  return new Map(rows.map((row) => [`${row.want_namespace}/${row.want_key}`, entryAndSchemaOf(row, row.want_namespace, row.want_key)]));
}

export type JoinedRow = { [Column in keyof EntryRow]: EntryRow[Column] | null } & JoinedSchema;

/** The entry and schema in a row of `entryAndSchemaRead`. */
export function entryAndSchemaOf(row: JoinedRow | undefined, namespace: string, key: string): EntryAndSchema {
  if (!row) throw new Error('the entry-and-schema read returned no row');
  return {
    entry: row.config_key === null ? null : toStoredEntry(row as EntryRow),
    schema:
      row.schema_text === null
        ? null
        : { namespace, key, schemaJson: row.schema_text, version: Number(row.schema_version), updatedAt: toDate(row.schema_updated_at!), updatedBy: row.schema_updated_by! },
  };
}

/** The key's live schema (not a deleted one), read under the write transaction's lock. */
export async function selectLiveSchema(session: SqlSession, namespace: string, key: string): Promise<StoredSchema | null> {
  const row = await session.queryRow<SchemaRow>(SELECT_LIVE_SCHEMA, [namespace, key, false]);
  return row
    ? { namespace: row.namespace, key: row.config_key, schemaJson: row.schema, version: Number(row.version), updatedAt: toDate(row.updated_at), updatedBy: row.updated_by }
    : null;
}

export async function selectHistoryItem(session: SqlSession, namespace: string, key: string, version: number): Promise<StoredHistoryItem | null> {
  const row = await session.queryRow<HistoryItemRow>(SELECT_HISTORY_ITEM, [namespace, key, version]);
  return row ? toStoredHistoryItem(row) : null;
}

/**
 * The statements that write `change` at `revision` over `current` (the entry as this
 * transaction read it, null if the key never existed) and add its history item, and the entry
 * as it will be. Queued with the audit row, they reach the database in one round trip.
 */
export function changeStatements(change: ChangeToCommit, revision: number, current: StoredEntry | null): { entry: StoredEntry; statements: Statement[] } {
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
  return {
    entry,
    statements: [
      current ? { sql: UPDATE_ENTRY, params: [...state, entry.namespace, entry.key] } : { sql: INSERT_ENTRY, params: [entry.namespace, entry.key, ...state] },
      {
        sql: INSERT_HISTORY_ITEM,
        params: [change.namespace, change.key, change.version, revision, change.action, change.valueJson, change.metadataJson, change.secret, change.at, change.actor],
      },
    ],
  };
}

export function auditStatement(record: AuditRecord): Statement {
  return { sql: INSERT_AUDIT, params: [record.action, record.entityType, record.entityId, record.userId, record.changesJson, record.requestId, record.at] };
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

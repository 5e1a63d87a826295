import type { HistoryAction } from '@config-service/core';
import type { AuditRecord } from './audit-record';

/** One entry by name: what a write unit says it writes, so a store may read it ahead (ConfigStore.write). */
export interface EntryRef {
  namespace: string;
  key: string;
}

/** The state of one key as stored; value and metadata are JSON text, never parsed here. */
export interface StoredEntry {
  namespace: string;
  key: string;
  valueJson: string | null;
  metadataJson: string | null;
  secret: boolean;
  version: number;
  revision: number;
  deleted: boolean;
  createdAt: Date;
  updatedAt: Date;
  updatedBy: string;
}

export interface StoredHistoryItem {
  namespace: string;
  key: string;
  version: number;
  revision: number;
  action: HistoryAction;
  valueJson: string | null;
  metadataJson: string | null;
  secret: boolean;
  createdAt: Date;
  createdBy: string;
}

/** A change about to be committed: the store adds the next global revision. */
export interface ChangeToCommit {
  namespace: string;
  key: string;
  version: number;
  action: HistoryAction;
  valueJson: string | null;
  metadataJson: string | null;
  secret: boolean;
  actor: string;
  at: Date;
}

export interface NamespaceStats {
  name: string;
  configCount: number;
  updatedAt: Date;
}

/** A key's JSON Schema as stored: `schemaJson` is the schema's JSON text. */
export interface StoredSchema {
  namespace: string;
  key: string;
  schemaJson: string;
  version: number;
  updatedAt: Date;
  updatedBy: string;
}

/** A schema about to be stored (`version` already decided by the engine). */
export type SchemaToStore = StoredSchema;

/**
 * What a schema transaction may do. It holds the same lock as a write transaction (so a
 * value write and a schema change never interleave) but takes no revision: schema changes
 * are not config changes.
 */
export interface SchemaTransaction {
  getEntry(namespace: string, key: string): Promise<StoredEntry | null>;
  /** The schema, or null; `deleted` schemas are kept as tombstones so versions never repeat. */
  getSchema(namespace: string, key: string): Promise<(StoredSchema & { deleted: boolean }) | null>;
  putSchema(schema: SchemaToStore): Promise<StoredSchema>;
  /** Marks the schema deleted, keeping its version for the next one. */
  deleteSchema(namespace: string, key: string, at: Date, actor: string): Promise<void>;
  appendAudit(record: AuditRecord): Promise<void>;
}

/**
 * What one write unit may do. Units run one at a time under the revision lock, several of them
 * possibly in one database transaction (group commit), each seeing what the ones before it
 * wrote. A unit's change takes the next revision when the unit finishes without error; a unit
 * that commits nothing or throws takes none and leaves nothing behind, so revisions have no holes.
 */
export interface WriteTransaction {
  getEntry(namespace: string, key: string): Promise<StoredEntry | null>;
  getHistoryItem(namespace: string, key: string, version: number): Promise<StoredHistoryItem | null>;
  /** The key's live schema (not a deleted one), read under the transaction's lock. */
  getSchema(namespace: string, key: string): Promise<StoredSchema | null>;
  /** Writes the entry and its history item at the unit's revision. Once per unit. */
  commit(change: ChangeToCommit): Promise<StoredEntry>;
  /** Records the change in the audit log, committed with it. */
  appendAudit(record: AuditRecord): Promise<void>;
}

export interface ListPage {
  /** The global revision the listing saw. */
  revision: number;
  items: StoredEntry[];
}

/**
 * The storage port of the contract engine: entries and their history. Two adapters: the
 * server's MikroORM store (SQLite and PostgreSQL) and `MemoryConfigStore` (the MSW mock); one
 * suite (apps/server/src/storage/config-store-port.test.ts) proves they behave the same.
 */
export interface ConfigStore {
  /** The entry, tombstones included (`deleted: true`); null if the key never existed. */
  getEntry(namespace: string, key: string): Promise<StoredEntry | null>;
  /** Live entries sorted by key, after `afterKey`, with the revision read in the same snapshot. */
  listEntries(namespace: string, options: { prefix?: string; afterKey?: string; limit: number }): Promise<ListPage>;
  /** History newest first, versions below `beforeVersion`. */
  listHistory(namespace: string, key: string, options: { beforeVersion?: number; limit: number }): Promise<StoredHistoryItem[]>;
  listNamespaces(): Promise<NamespaceStats[]>;
  /**
   * Runs `work` as one write unit under the global revision lock, so revisions commit in the
   * order they are taken, and resolves once its change is committed (durable). Units that wait
   * while a transaction runs are committed together in the next one (group commit: see
   * group-commit.ts), each with its own revision, result and error: if `work` throws, nothing of
   * it is written and the other units are not affected. `work` must do nothing outside `tx`: if
   * its batch fails as a whole it runs again, alone. `entry` names the entry `work` writes, when
   * it is known before it runs: a store may read it ahead, together with its batch's others.
   */
  write<T>(work: (tx: WriteTransaction) => Promise<T>, entry?: EntryRef): Promise<T>;
  /** The key's live schema, or null. */
  getSchema(namespace: string, key: string): Promise<StoredSchema | null>;
  /** The live schemas of a namespace, sorted by key. */
  listSchemas(namespace: string): Promise<StoredSchema[]>;
  /**
   * Runs `work` under the write transactions' lock without taking a revision; if `work`
   * throws, nothing is written.
   */
  writeSchema<T>(work: (tx: SchemaTransaction) => Promise<T>): Promise<T>;
  /** Throws when the database cannot be reached. */
  ping(): Promise<void>;
}

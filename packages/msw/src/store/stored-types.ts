import type { HistoryAction, WriteInput } from '@config-service/core';

export type { WriteInput };

/*
 * The mock's records. Values and metadata are kept as JSON text, as the server keeps them, so
 * numbers keep every digit and responses splice the text in without re-serialising it.
 */

/** The state of one key; a deleted key stays as a tombstone so its versions continue. */
export interface StoredEntry {
  namespace: string;
  key: string;
  valueJson: string;
  metadataJson: string | null;
  secret: boolean;
  version: number;
  revision: number;
  deleted: boolean;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
}

export interface StoredHistoryItem {
  namespace: string;
  key: string;
  version: number;
  revision: number;
  action: HistoryAction;
  /** null for a `deleted` item. */
  valueJson: string | null;
  metadataJson: string | null;
  secret: boolean;
  createdAt: string;
  createdBy: string;
}

/** One committed change: what the change log keeps and the watch sends. */
export interface CommittedChange {
  namespace: string;
  key: string;
  version: number;
  revision: number;
  action: HistoryAction;
  /** null for a deletion. */
  valueJson: string | null;
  secret: boolean;
  actor: string;
  at: string;
}

export interface NamespaceStats {
  name: string;
  configCount: number;
  updatedAt: string;
}

export interface WriteResult {
  entry: StoredEntry;
  /** True when the key was absent or deleted before. */
  created: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Listing extends Page<StoredEntry> {
  /** The global revision the listing saw. */
  revision: number;
}

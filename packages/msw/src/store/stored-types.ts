import type { HistoryAction } from '@config-service/core';

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

export interface WriteInput {
  /** A parsed JSON value; numbers may be lossless-json `LosslessNumber`s. */
  value: unknown;
  /** undefined: keep the current metadata (null on create); null clears it. */
  metadata?: Record<string, unknown> | null;
  /** undefined: keep the current flag (false on create). */
  secret?: boolean;
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

/** Any JSON value. Server-side, numbers may be lossless-json `LosslessNumber`s. */
export type JsonValue = unknown;

export type ConfigMetadata = Record<string, unknown> | null;

/** A configuration entry as every endpoint that returns one sends it. */
export interface ConfigEntry<T = JsonValue> {
  namespace: string;
  key: string;
  value: T;
  /** Per key; starts at 1, +1 on every change, never reused. */
  version: number;
  /** The global revision of this entry's last change. */
  revision: number;
  secret: boolean;
  metadata: ConfigMetadata;
  created_at: string;
  updated_at: string;
  updated_by: string;
}

export type HistoryAction = 'created' | 'updated' | 'deleted' | 'rolled_back';
export const HISTORY_ACTIONS: readonly HistoryAction[] = ['created', 'updated', 'deleted', 'rolled_back'];

export interface HistoryItem<T = JsonValue> {
  version: number;
  revision: number;
  action: HistoryAction;
  /** null for a `deleted` item. */
  value: T | null;
  created_at: string;
  created_by: string;
}

/** The WebSocket message for one committed change. */
export interface ChangeEvent<T = JsonValue> {
  type: 'change';
  revision: number;
  action: HistoryAction;
  namespace: string;
  key: string;
  version: number;
  value: T | null;
  secret: boolean;
  updated_by: string;
  updated_at: string;
}

export interface NamespaceListing<T = JsonValue> {
  namespace: string;
  /** The global revision the listing saw: watch `since` this revision to miss nothing. */
  revision: number;
  items: ConfigEntry<T>[];
  next_cursor: string | null;
}

export interface HistoryPage<T = JsonValue> {
  items: HistoryItem<T>[];
  next_cursor: string | null;
}

export interface NamespaceSummary {
  name: string;
  config_count: number;
  updated_at: string;
}

export interface NamespaceList {
  items: NamespaceSummary[];
}

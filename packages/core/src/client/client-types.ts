import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ConfigEntry, HistoryAction, JsonValue } from '../wire/config-entry';

/**
 * How the client reads the server's state.
 * - `stream`: list each namespace once, then a WebSocket watch from the listing's revision;
 *   reads come from memory.
 * - `poll`: list each namespace every `pollIntervalMs`; reads come from memory.
 * - `request`: no background sync; each read is a GET through an LRU cache with a TTL.
 */
export type ClientMode = 'stream' | 'poll' | 'request';

/**
 * - `initializing`: nothing to serve yet (no snapshot, first sync not done).
 * - `ready`: in sync with the server and receiving changes.
 * - `stale`: serving what it has (memory or a snapshot) while the server cannot be reached.
 * - `closed`: `close()` was called.
 */
export type ClientStatus = 'initializing' | 'ready' | 'stale' | 'closed';

/** One change as listeners and iterators receive it. */
export interface ConfigChange<T = JsonValue> {
  namespace: string;
  key: string;
  action: HistoryAction;
  /** The new value; `undefined` after a delete. */
  value: T | undefined;
  /** The value before this change, `undefined` if the key was absent. */
  previousValue: T | undefined;
  version: number;
  /** The global revision of the change. */
  revision: number;
  /** The entry after the change, `null` after a delete. */
  entry: ConfigEntry<T> | null;
  /**
   * `watch`: a change the server announced; `sync`: a difference found by a (re)listing or a
   * poll; `write`: this client's own write, applied at once so it reads its own writes.
   */
  source: 'watch' | 'sync' | 'write';
}

/** What a subscription listens to: one key, every key with a prefix, or a whole namespace. */
export type SubscriptionTarget =
  | string
  | { key: string; namespace?: string }
  | { prefix: string; namespace?: string }
  | { namespace: string };

export type ChangeListener = (change: ConfigChange) => void;
export type StatusListener = (status: ClientStatus) => void;

/** A Standard Schema validator (zod, valibot, arktype, ...). */
export type ValueSchema<Output = unknown> = StandardSchemaV1<unknown, Output>;

/** What a validator returns for a valid value (zod: `z.output<typeof schema>`). */
export type SchemaOutput<S extends ValueSchema> = StandardSchemaV1.InferOutput<S>;

export interface ReadOptions {
  /** @default the client's `defaultNamespace` */
  namespace?: string;
}

export interface WriteOptions {
  /** @default the client's `defaultNamespace` */
  namespace?: string;
  /**
   * Compare-and-set: the write only happens if the key is at this version (412
   * `VersionConflictError` otherwise). `0` means "only if the key does not exist".
   */
  ifVersion?: number;
}

export interface SetOptions extends WriteOptions {
  /** Omitted: the current metadata is kept. `null` clears it. */
  metadata?: Record<string, unknown> | null;
  /** Omitted: the current flag is kept (false on create). */
  secret?: boolean;
}

export interface ListOptions extends ReadOptions {
  /** Only keys that start with it. */
  prefix?: string;
  /** @default 100 (at most 1000) */
  limit?: number;
  cursor?: string;
}

export interface HistoryOptions extends ReadOptions {
  /** @default 100 */
  limit?: number;
  cursor?: string;
}

/** A reconnect schedule: exponential with full jitter between 0 and the cap. */
export interface BackoffOptions {
  /** @default 250 */
  initialDelayMs?: number;
  /** @default 30000 */
  maxDelayMs?: number;
}

/** An access token as `POST /api/v1/auth/token` returns it, or as a token provider gives it. */
export interface AccessToken {
  access_token: string;
  /** Seconds until it expires; unknown expiry is treated as "refresh when refused". */
  expires_in?: number;
}

/** Supplies bearer tokens the application manages itself. */
export type TokenProvider = () => string | AccessToken | Promise<string | AccessToken>;

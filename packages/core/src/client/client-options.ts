import type { ValueCheck } from './received-value-check';
import type { CredentialOptions } from './client-auth';
import type { BackoffOptions } from './client-types';
import type { SnapshotStore } from './platform';
import type { JsonMode } from './json-codec';

/** Options every mode shares. */
export interface BaseClientOptions extends CredentialOptions {
  /** The server, e.g. `https://config.internal:8080`. */
  baseUrl: string;
  /**
   * The namespace used when an operation names none.
   * @default the first of `namespaces`, else `'default'`
   */
  defaultNamespace?: string;
  /** @default 10000 */
  requestTimeoutMs?: number;
  /**
   * How numbers in values are read. `'lossless'`: a number a JS `number` cannot hold exactly
   * (an integer past 2^53, a long decimal) comes back as a `LosslessNumber` keeping every digit
   * (`String(n)`; `BigInt(String(n))` for an integer) and is written back as it came; every
   * other number stays a `number`.
   * @default 'native' (`JSON.parse`)
   */
  json?: JsonMode;
  /** Background failures (a lost connection, a snapshot that cannot be read, a listener that threw). */
  onError?: (error: unknown) => void;
}

/** A client that keeps namespaces in memory: reads never wait for the network. */
export interface LiveClientOptions extends BaseClientOptions {
  /** @default 'stream' */
  mode?: 'stream' | 'poll';
  /**
   * Checks every value received from the server; a refused one is not taken (reads keep the
   * last good value, or the default) and is reported to `onError` as a `ReceivedValueError`.
   * For the keys' JSON Schemas: `schemaValueCheck(configSchemas)` from `@config-service/schema`.
   * @default no check
   */
  checkValue?: ValueCheck;
  /**
   * The namespaces to keep in memory.
   * @default ['default']
   */
  namespaces?: readonly string[];
  /** Poll mode only. @default 30000 */
  pollIntervalMs?: number;
  /** Reconnect / retry schedule. @default { initialDelayMs: 250, maxDelayMs: 30000 } */
  backoff?: BackoffOptions;
  /** Values to serve before the first sync, e.g. rendered by the server: `{ [namespace]: { [key]: value } }`. */
  initialValues?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** Where the synced state is kept for a start while the server is down (the platform packages fill this in). */
  snapshotStore?: SnapshotStore;
}

/** A client without background sync: each read is a GET through an LRU cache with a TTL. */
export interface RequestClientOptions extends BaseClientOptions {
  mode: 'request';
  cache?: {
    /** How long an answer is served without asking the server again. @default 5000 */
    ttlMs?: number;
    /** How many keys are kept. @default 1000 */
    max?: number;
  };
}

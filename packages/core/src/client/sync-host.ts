import type { ConfigHttpApi } from './config-http-api';
import type { ConfigChange } from './client-types';
import type { EntryStore } from './entry-store';

/** What a synchronizer (stream or poll) may do to the client that runs it. */
export interface SyncHost {
  readonly store: EntryStore;
  readonly api: ConfigHttpApi;
  /** Namespaces whose state came from a listing or a snapshot; the others are listed first. */
  readonly loaded: Set<string>;
  /** Announces applied changes (in order) and schedules a snapshot. */
  apply(changes: readonly ConfigChange[]): void;
  /** The state is in sync with the server. */
  synced(): void;
  /** An attempt failed; the synchronizer retries by itself. */
  failed(error: unknown): void;
  /** A permanent failure (see `isPermanentFailure`): the synchronizer has stopped for good. */
  gaveUp(error: unknown): void;
}

/** Keeps a client's store current in the background. */
export interface Synchronizer {
  start(): void;
  stop(): void;
}

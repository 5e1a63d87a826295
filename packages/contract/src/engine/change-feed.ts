import type { HistoryAction } from '@config-service/core';

/** A change after its transaction committed. */
export interface CommittedChange {
  namespace: string;
  key: string;
  version: number;
  revision: number;
  action: HistoryAction;
  valueJson: string | null;
  secret: boolean;
  actor: string;
  at: Date;
}

export type ChangeListener = (change: CommittedChange) => void;

/**
 * The one place a committed change is announced; the engine is the only caller of `announce`,
 * after the change's transaction committed. Who listens is up to the host: on the server the
 * changes room (apps/server/src/changes) puts it on the bus; in the mock the change log and
 * the watches.
 */
export class ChangeFeed {
  private readonly listeners = new Set<ChangeListener>();

  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  announce(change: CommittedChange): void {
    for (const listener of this.listeners) {
      try {
        listener(change);
      } catch {
        // One faulty listener must not keep the change from the others, nor fail the write
        // that already committed.
      }
    }
  }
}

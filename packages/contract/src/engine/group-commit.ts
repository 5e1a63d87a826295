import { isConfigServiceError } from '@config-service/core';
import type { EntryRef, WriteTransaction } from './config-store';

/** One write unit: reads and at most one change, run on the transaction it is given. */
export type WriteWork<T = unknown> = (tx: WriteTransaction) => Promise<T>;

/** How one unit of a batch ended: its own result, or its own error. */
export type UnitOutcome = { ok: true; value: unknown } | { ok: false; error: unknown };

/**
 * Runs `works` one after another in ONE database transaction and commits it; resolves, after the
 * commit, with each unit's outcome in order. A unit that throws leaves nothing behind and does
 * not touch the others (its outcome is its error). Rejects when the transaction as a whole
 * failed (the database refused a statement or the commit): nothing of the batch was written.
 */
export type RunBatch = (works: readonly WriteWork[], entries: readonly (EntryRef | undefined)[]) => Promise<UnitOutcome[]>;

export interface GroupCommitOptions {
  /**
   * When to start a batch once a unit is waiting and none is running. The server waits for the
   * end of the event loop's poll phase (setImmediate), so every request read in that turn joins
   * the batch; the in-memory store, which may run in a browser, uses a microtask.
   * @default queueMicrotask
   */
  schedule?: (start: () => void) => void;
  /** The most units in one transaction. @default 64 */
  maxBatch?: number;
  /** Told the size of each batch that committed (the server's write-batch metric, the port suite). */
  onBatch?: (size: number) => void;
}

interface Waiting {
  work: WriteWork;
  entry: EntryRef | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Group commit: write units that arrive while a transaction is running wait, and all that waited
 * go into the next transaction together (one BEGIN/COMMIT, one revision lock, one fsync), each
 * still with its own revision, checks, result and error. Only one batch runs at a time, so
 * batches commit in the order they began and revisions in the order they were taken.
 *
 * If a batch fails as a whole because the database refused a statement, each of its units runs
 * again in a transaction of its own, so each gets its own answer (a unit that cannot commit does
 * not take its neighbours down with it); if it failed because the database is unavailable, every
 * unit gets that answer at once.
 * That is why a unit's work must do nothing outside its transaction: it may run twice.
 */
export class GroupCommit {
  private readonly waiting: Waiting[] = [];
  private running = false;
  private scheduled = false;
  private readonly schedule: (start: () => void) => void;
  private readonly maxBatch: number;
  private idleWaiters: (() => void)[] = [];

  constructor(
    private readonly runBatch: RunBatch,
    private readonly options: GroupCommitOptions = {},
  ) {
    // Called as a plain function: browsers refuse queueMicrotask called on another `this`.
    this.schedule = options.schedule ?? ((start) => queueMicrotask(start));
    this.maxBatch = options.maxBatch ?? 64;
  }

  /**
   * Resolves with the unit's result once its transaction committed; rejects with its own error.
   * `entry`: the entry the unit writes, if it is known before it runs.
   */
  submit<T>(work: WriteWork<T>, entry?: EntryRef): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.waiting.push({ work, entry, resolve: resolve as (value: unknown) => void, reject });
      this.start();
    });
  }

  /** Resolves once every unit submitted so far has been answered. */
  idle(): Promise<void> {
    if (!this.running && !this.scheduled && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private start(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.length > 0) await this.commit(this.waiting.splice(0, this.maxBatch));
    } finally {
      this.running = false;
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    let outcomes: UnitOutcome[];
    try {
      outcomes = await this.runBatch(
        batch.map((unit) => unit.work),
        batch.map((unit) => unit.entry),
      );
    } catch (error) {
      // The database unreachable (or its commit's outcome unknown) is every unit's answer:
      // running each again alone would wait on it once per unit, holding every later write.
      if (batch.length === 1 || (isConfigServiceError(error) && error.code === 'unavailable')) {
        for (const unit of batch) unit.reject(error);
        return;
      }
      for (const unit of batch) await this.commit([unit]);
      return;
    }
    this.options.onBatch?.(batch.length);
    batch.forEach((unit, index) => {
      const outcome = outcomes[index]!;
      if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
  }
}

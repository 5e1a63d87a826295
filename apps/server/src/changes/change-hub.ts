import type { CommittedChange } from '@config-service/contract';
import type { ChangeBus } from './change-bus';
import type { ChangeLogStore } from '../storage/change-log-store';

/** `publishedAt` (the bus's, right after the commit) when the change came by bus; absent when read from the log. */
export type HubListener = (change: CommittedChange, publishedAt?: number) => void;

export interface ChangeHubOptions {
  log: ChangeLogStore;
  bus: ChangeBus;
  /**
   * How often the change log is read as a safety net for messages the bus lost.
   * @default 1000
   */
  pollIntervalMs?: number;
  /** @default 1000 */
  batchSize?: number;
  /** Out-of-order changes held while a gap is filled; past this the log provides them. @default 10000 */
  maxPending?: number;
  onError?: (error: unknown) => void;
}

/**
 * This replica's ordered view of every committed change. Changes arrive from the bus (own
 * commits at once, other replicas' through Redis) in any order, possibly twice or not at all;
 * the hub hands them to its listeners strictly in revision order, each exactly once, reading
 * whatever is missing from the change log in the database.
 *
 * Revisions have no holes: a transaction takes its revision under the revision lock and a
 * rollback gives it back. And they commit in order, so once R is seen, every revision below R
 * is already in the log. Hence a gap is always fillable, and `head` means "everything up to
 * here was dispatched".
 */
export class ChangeHub {
  private headRevision = 0;
  private started = false;
  private readonly pending = new Map<number, { change: CommittedChange; publishedAt: number | undefined }>();
  private readonly listeners = new Set<HubListener>();
  private catching: Promise<void> | null = null;
  private catchUpAgain = false;
  /** While the log cannot be read, the error is reported once, not on every poll. */
  private failing = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribes: (() => void)[] = [];
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxPending: number;

  constructor(private readonly options: ChangeHubOptions) {
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.batchSize = options.batchSize ?? 1000;
    this.maxPending = options.maxPending ?? 10_000;
  }

  /** Every change at or below this revision has been dispatched. */
  get head(): number {
    return this.headRevision;
  }

  async start(): Promise<void> {
    // Subscribed before the head is read: a change committed in between is held, not missed.
    this.unsubscribes.push(
      this.options.bus.subscribe(({ change, publishedAt }) => this.offer(change, publishedAt)),
      this.options.bus.onResync(() => this.requestCatchUp()),
    );
    this.headRevision = await this.options.log.headRevision();
    this.started = true;
    this.drainPending();
    if (this.pending.size > 0) this.requestCatchUp();
    this.timer = setInterval(() => this.requestCatchUp(), this.pollIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    this.listeners.clear();
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A change from any source; duplicates and ones already dispatched are dropped. */
  offer(change: CommittedChange, publishedAt?: number): void {
    if (this.started && change.revision <= this.headRevision) return;
    if (this.started && change.revision === this.headRevision + 1) {
      this.dispatch(change, publishedAt);
      this.drainPending();
      return;
    }
    if (this.pending.size >= this.maxPending) this.pending.clear();
    this.pending.set(change.revision, { change, publishedAt });
    if (this.started) this.requestCatchUp();
  }

  /** Reads the log from `head` until it is exhausted; one reader at a time. */
  catchUp(): Promise<void> {
    if (this.catching) {
      this.catchUpAgain = true;
      return this.catching;
    }
    this.catching = (async () => {
      try {
        do {
          this.catchUpAgain = false;
          for (;;) {
            const changes = await this.options.log.changesSince(this.headRevision, this.batchSize);
            for (const change of changes) {
              // The log is the truth: what it returns after `head` is the next in order.
              if (change.revision > this.headRevision) this.dispatch(change, this.pending.get(change.revision)?.publishedAt);
            }
            this.drainPending();
            if (changes.length < this.batchSize) break;
          }
        } while (this.catchUpAgain);
      } finally {
        this.catching = null;
      }
    })();
    return this.catching;
  }

  private requestCatchUp(): void {
    if (!this.started) return;
    this.catchUp().then(
      () => {
        this.failing = false;
      },
      (error: unknown) => {
        if (!this.failing) this.options.onError?.(error);
        this.failing = true;
      },
    );
  }

  private drainPending(): void {
    for (let next = this.pending.get(this.headRevision + 1); next; next = this.pending.get(this.headRevision + 1)) {
      this.dispatch(next.change, next.publishedAt);
    }
    if (this.pending.size > 0) {
      for (const revision of this.pending.keys()) if (revision <= this.headRevision) this.pending.delete(revision);
    }
  }

  private dispatch(change: CommittedChange, publishedAt?: number): void {
    this.headRevision = change.revision;
    this.pending.delete(change.revision);
    for (const listener of this.listeners) {
      try {
        listener(change, publishedAt);
      } catch (error) {
        this.options.onError?.(error);
      }
    }
  }
}

import type { CommittedChange } from '../events/change-feed';

/** Where a change came from: this process's own commit, or another replica's. */
export type ChangeOrigin = 'local' | 'remote';

export interface BusDelivery {
  change: CommittedChange;
  origin: ChangeOrigin;
  /** When the publishing replica sent it, right after the commit (`wallClockMs()`), for the lag metrics. */
  publishedAt: number;
}

export type BusListener = (delivery: BusDelivery) => void;

/**
 * Carries committed changes to every replica. Delivery is best effort — a message can be lost
 * while the transport is down — so listeners treat it as a fast path and fill any gap from the
 * change log. Values travel in their at-rest form (secrets sealed).
 */
export interface ChangeBus {
  /** Delivers to this process's listeners at once, then to the other replicas. */
  publish(change: CommittedChange): void;
  subscribe(listener: BusListener): () => void;
  /**
   * Called after the transport came back from an outage in which messages may have been lost:
   * listeners catch up from the change log.
   */
  onResync(listener: () => void): () => void;
  /** Throws while the transport is down (a non-critical health check). */
  probe(): Promise<void>;
  close(): Promise<void>;
}

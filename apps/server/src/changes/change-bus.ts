import type { CommittedChange } from '@config-service/contract';

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
  /**
   * Sends to the other replicas at once, and delivers to this process's listeners when the
   * current turn of the event loop ends: the write that committed the change answers its
   * client first instead of waiting for the fan-out to this replica's watchers.
   */
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

/** Hands `delivery` to each listener; one that throws does not keep it from the others. */
export function deliverTo(listeners: Iterable<BusListener>, delivery: BusDelivery): void {
  for (const listener of listeners) {
    try {
      listener(delivery);
    } catch {
      // A faulty listener must not keep the change from the others.
    }
  }
}

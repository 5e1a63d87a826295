import type { CommittedChange } from '@config-service/contract';
import { deliverTo, type BusListener, type ChangeBus } from './change-bus';
import { wallClockMs } from './wall-clock';

/** The bus of a single process (no REDIS_URL): publish hands the change to local listeners. */
export class InProcessChangeBus implements ChangeBus {
  private readonly listeners = new Set<BusListener>();

  publish(change: CommittedChange): void {
    const delivery = { change, origin: 'local' as const, publishedAt: wallClockMs() };
    setImmediate(() => deliverTo(this.listeners, delivery));
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onResync(): () => void {
    // Nothing is ever lost in process.
    return () => undefined;
  }

  async probe(): Promise<void> {}

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

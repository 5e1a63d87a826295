import { backoffDelay } from './backoff';
import type { BackoffOptions } from './client-types';
import type { SyncHost, Synchronizer } from './sync-host';
import { isPermanentFailure } from './permanent-failure';

/**
 * For places without WebSockets: list every namespace each interval and announce the
 * differences. A failed round is retried sooner (jittered backoff, capped at the interval).
 */
export class PollSync implements Synchronizer {
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #stopped = false;

  constructor(
    private readonly host: SyncHost,
    private readonly intervalMs: number,
    private readonly backoff: BackoffOptions,
  ) {}

  start(): void {
    void this.#poll();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
  }

  async #poll(): Promise<void> {
    const { store, api } = this.host;
    let nextMs = this.intervalMs;
    try {
      // Every change up to the lowest revision of this round is reflected: that is the cursor
      // a snapshot may carry (a stream-mode client resumes from it).
      let roundRevision = Infinity;
      for (const namespace of store.namespaces) {
        const listing = await api.listAll(namespace);
        if (this.#stopped) return;
        this.host.apply(store.replaceNamespace(namespace, listing.pages));
        roundRevision = Math.min(roundRevision, listing.revision);
        this.host.loaded.add(namespace);
      }
      store.cursor = Math.max(store.cursor ?? 0, roundRevision);
      this.#attempt = 0;
      this.host.synced();
    } catch (error) {
      if (this.#stopped) return;
      if (isPermanentFailure(error)) {
        this.stop();
        this.host.gaveUp(error);
        return;
      }
      this.host.failed(error);
      nextMs = Math.min(this.intervalMs, backoffDelay(this.#attempt++, this.backoff));
    }
    if (!this.#stopped) this.#timer = setTimeout(() => void this.#poll(), nextMs);
  }
}

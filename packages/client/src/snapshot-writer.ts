import type { ClientTimers, SnapshotStore } from './platform';

/** Changes arriving in a burst are written once, this long after the first of them. */
const COALESCE_MS = 20;

/**
 * Writes snapshots one at a time: a request while a write is running marks the state dirty
 * and one more write follows, with the state as it is then. Failures go to `onError`; a
 * snapshot is a convenience and never stops the client.
 */
export class SnapshotWriter {
  #timer: unknown;
  #running: Promise<void> | undefined;
  #dirty = false;

  constructor(
    readonly store: SnapshotStore,
    private readonly render: () => string | undefined,
    private readonly onError: (error: unknown) => void,
    private readonly timers: ClientTimers,
  ) {}

  schedule(): void {
    this.#dirty = true;
    if (this.#timer !== undefined || this.#running) return;
    this.#timer = this.timers.setTimeout(() => {
      this.#timer = undefined;
      void this.#drain();
    }, COALESCE_MS);
  }

  /** Writes what is pending now and waits for it. */
  async flush(): Promise<void> {
    this.timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
    if (this.#dirty) await this.#drain();
  }

  #drain(): Promise<void> {
    this.#running ??= (async () => {
      while (this.#dirty) {
        this.#dirty = false;
        const text = this.render();
        if (text === undefined) continue;
        try {
          await this.store.save(text);
        } catch (error) {
          this.onError(error);
        }
      }
    })().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }
}

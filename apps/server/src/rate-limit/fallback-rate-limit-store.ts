import { MemoryStore, type ClientRateLimitInfo, type IncrementResponse, type Options, type Store } from 'express-rate-limit';

/**
 * A shared rate-limit store (Redis) that falls back to counting in this process while the
 * shared one fails, and tries it again after `retryMs`. A Redis outage then loosens limits to
 * per replica instead of failing requests, and recovers by itself (reloading the store's scripts).
 */
export class FallbackRateLimitStore implements Store {
  readonly localKeys = false;
  private readonly fallback = new MemoryStore();
  private options: Options | undefined;
  private downUntil = 0;

  constructor(
    private readonly primary: Store,
    private readonly retryMs = 5000,
  ) {}

  init(options: Options): void {
    this.options = options;
    this.fallback.init(options);
    this.reinitPrimary();
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    return this.attempt(() => this.primary.get?.(key), () => this.fallback.get(key));
  }

  async increment(key: string): Promise<IncrementResponse> {
    return this.attempt(() => this.primary.increment(key), () => this.fallback.increment(key));
  }

  async decrement(key: string): Promise<void> {
    return this.attempt(() => this.primary.decrement(key), () => this.fallback.decrement(key));
  }

  async resetKey(key: string): Promise<void> {
    return this.attempt(() => this.primary.resetKey(key), () => this.fallback.resetKey(key));
  }

  shutdown(): void {
    this.fallback.shutdown();
  }

  private async attempt<T>(shared: () => Promise<T> | T, local: () => Promise<T> | T): Promise<T> {
    if (Date.now() < this.downUntil) return local();
    try {
      return await shared();
    } catch {
      // Calls already in flight fail too: one retry is scheduled, by the first.
      if (Date.now() >= this.downUntil) {
        this.downUntil = Date.now() + this.retryMs;
        setTimeout(() => this.reinitPrimary(), this.retryMs).unref();
      }
      return local();
    }
  }

  private reinitPrimary(): void {
    if (!this.options) return;
    // The shared store's init loads scripts; if the server is down that fails, and is retried.
    Promise.resolve(this.primary.init?.(this.options)).catch(() => {
      this.downUntil = Date.now() + this.retryMs;
    });
  }
}

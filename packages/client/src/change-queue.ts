import type { ConfigChange } from './client-types';

/**
 * The async iterator behind `client.watch()`: changes are buffered in order between `next()`
 * calls; `return()` (a `break` out of `for await`) unsubscribes.
 */
export class ChangeQueue implements AsyncIterableIterator<ConfigChange> {
  readonly #buffer: ConfigChange[] = [];
  #waiting: ((result: IteratorResult<ConfigChange>) => void) | undefined;
  #done = false;
  #unsubscribe: () => void = () => {};

  attach(unsubscribe: () => void): this {
    this.#unsubscribe = unsubscribe;
    return this;
  }

  push(change: ConfigChange): void {
    if (this.#done) return;
    const waiting = this.#waiting;
    if (waiting) {
      this.#waiting = undefined;
      waiting({ value: change, done: false });
    } else {
      this.#buffer.push(change);
    }
  }

  /** Ends the iteration after the buffered changes (the client closed). */
  end(): void {
    if (this.#done) return;
    this.#done = true;
    this.#unsubscribe();
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ value: undefined, done: true });
  }

  next(): Promise<IteratorResult<ConfigChange>> {
    const change = this.#buffer.shift();
    if (change) return Promise.resolve({ value: change, done: false });
    if (this.#done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.#waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<ConfigChange>> {
    this.#buffer.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}

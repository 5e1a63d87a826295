import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { LosslessNumber, ValidationError, parseJsonText } from '@config-service/core';
import type { ParseAnswer } from './json-parse-worker';

/** Bodies at least this long are parsed off the event loop; shorter ones cost less than the hand-off. */
const OFF_THREAD_CHARS = 64 * 1024;

// Next to the bundle (dist/json-parse-worker.js); when the server runs from source there is
// none, and every body is parsed in place.
const WORKER_FILE = fileURLToPath(new URL('./json-parse-worker.js', import.meta.url));

/**
 * Lossless JSON parsing of request bodies that cannot hold the event loop: a large body is
 * parsed on one worker thread (bodies queue there), so health probes, reads and watches go on
 * while it is parsed. The worker's answer comes back by structured clone, and its numbers are
 * made LosslessNumbers again here.
 */
export class JsonParsePool {
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  private readonly available = existsSync(WORKER_FILE);

  parse(text: string): Promise<unknown> {
    if (!this.available || text.length < OFF_THREAD_CHARS) return Promise.resolve().then(() => parseJsonText(text));
    const id = this.nextId++;
    const answer = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.thread().postMessage({ id, text });
    return answer;
  }

  async close(): Promise<void> {
    await this.worker?.terminate();
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_FILE);
    // Idle, it does not keep the process alive; with parses pending the requests do.
    worker.unref();
    worker.on('message', (answer: ParseAnswer) => this.settle(answer));
    const fail = (error: unknown) => {
      if (this.worker === worker) this.worker = undefined;
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the JSON parse worker exited (${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(answer: ParseAnswer): void {
    const waiting = this.pending.get(answer.id);
    if (!waiting) return;
    this.pending.delete(answer.id);
    if ('error' in answer) return waiting.reject(new ValidationError(answer.error));
    waiting.resolve(reviveNumbers(answer.value, answer.numbers));
  }
}

function reviveNumbers(value: unknown, numbers: (string | number)[][]): unknown {
  if (numbers.length === 1 && numbers[0]!.length === 0) return new LosslessNumber(value as string);
  for (const path of numbers) {
    let parent = value as Record<string | number, unknown>;
    for (let step = 0; step < path.length - 1; step++) parent = parent[path[step]!] as Record<string | number, unknown>;
    const last = path[path.length - 1]!;
    // Defined, not assigned: a key named "__proto__" stays a key.
    Object.defineProperty(parent, last, { value: new LosslessNumber(parent[last] as string), enumerable: true, writable: true, configurable: true });
  }
  return value;
}

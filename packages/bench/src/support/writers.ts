import { Agent, request } from 'node:http';
import { percentiles, wallClockMs, type Percentiles } from './notify-rounds';

/**
 * Every write the bench makes, to config-service and to etcd alike, goes through this one
 * client (node:http, a kept-alive connection per writer, Nagle off), so they are measured the same way.
 */

/** One write: a method, a path on the target and a body, built anew for each request. */
export interface WriteRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** How a target is written: the `n`th write of writer `writer` (each writer has its own key). */
export type WriteOf = (writer: number, n: number) => WriteRequest;

/** A keep-alive connection of its own, as a client that writes in a loop has. */
export class Writer {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });

  constructor(private readonly baseUrl: string) {}

  /** Resolves with the response body; rejects on a status of 300 or more. */
  send(write: WriteRequest): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request(`${this.baseUrl}${write.path}`, { method: write.method, agent: this.agent, headers: { ...write.headers, 'content-length': Buffer.byteLength(write.body) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString();
          if ((res.statusCode ?? 0) >= 300) reject(new Error(`${write.method} ${write.path}: ${res.statusCode} ${body}`));
          else resolve(body);
        });
      });
      req.setNoDelay(true);
      req.on('error', reject);
      req.end(write.body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** `count` sequential writes on one connection, after `warmup` unmeasured ones: their send-to-response percentiles. */
export async function sequentialWrites(baseUrl: string, writeOf: WriteOf, count: number, warmup: number): Promise<Percentiles> {
  return percentiles(await sequentialWriteTimes(baseUrl, writeOf, count, warmup));
}

/** As `sequentialWrites`, each write's time; writes are numbered from `from` (a new value each time). */
export async function sequentialWriteTimes(baseUrl: string, writeOf: WriteOf, count: number, warmup: number, from = 0): Promise<number[]> {
  const writer = new Writer(baseUrl);
  try {
    for (let n = from; n < from + warmup; n++) await writer.send(writeOf(0, n));
    const times: number[] = [];
    for (let n = from + warmup; n < from + warmup + count; n++) {
      const sentAt = wallClockMs();
      await writer.send(writeOf(0, n));
      times.push(wallClockMs() - sentAt);
    }
    return times;
  } finally {
    writer.close();
  }
}

/** `writers` loops, each writing its own key back to back on its own connection, for `seconds`: writes/s. */
export async function concurrentWrites(baseUrl: string, writeOf: WriteOf, writers: number, seconds: number, from = 0): Promise<number> {
  const run = async (ms: number, offset: number) => {
    const until = wallClockMs() + ms;
    let done = 0;
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const writer = new Writer(baseUrl);
        try {
          for (let n = offset; wallClockMs() < until; n++) {
            await writer.send(writeOf(w, n));
            done++;
          }
        } finally {
          writer.close();
        }
      }),
    );
    return done;
  };
  await run(1000, from);
  const started = wallClockMs();
  const done = await run(seconds * 1000, from + 1_000_000);
  return done / ((wallClockMs() - started) / 1000);
}

import type { BenchContext } from '../bench-suite';

export interface Percentiles {
  p50: number;
  p99: number;
  max: number;
}

export interface Measured {
  /** From the change's origin (its commit, or the start of the baseline's loop) to each watcher. */
  fromOrigin: Percentiles;
  /** From just before the write was sent to each watcher, as etcd's watch-latency benchmark measures. */
  fromSend: Percentiles;
  /** The same, every figure (to pool rounds measured apart). */
  fromSendTimes: number[];
  /** From just before the write was sent to the last watcher of its round. */
  toAll: Percentiles;
  writeP50: number;
}

/** Opened watchers: each calls `arrived` with wallClockMs() when a change reaches it. */
export interface Watchers {
  count: number;
  close(): void | Promise<void>;
}

export type OpenWatchers = (arrived: (at: number) => void) => Promise<Watchers>;

/** What one round's trigger reports: when the change started going out (default: when it was sent). */
export type Trigger = (round: number) => Promise<{ originAt?: () => Promise<number> }>;

/**
 * Opens the watchers, then runs `rounds` changes one at a time: each is triggered, waited for
 * at every watcher, and measured per watcher from its origin and from just before the trigger.
 */
export async function measureNotify(context: BenchContext, label: string, open: OpenWatchers, rounds: number, trigger: Trigger): Promise<Measured> {
  let pending = 0;
  let allArrived: () => void = () => undefined;
  let received: number[] = [];
  const watchers = await open((at) => {
    if (pending === 0) return;
    received.push(at);
    if (--pending === 0) allArrived();
  });
  const fromSend: number[] = [];
  const fromOrigin: number[] = [];
  const toAll: number[] = [];
  const writes: number[] = [];
  try {
    for (let round = 0; round < rounds; round++) {
      pending = watchers.count;
      received = [];
      const arrived = new Promise<void>((resolve, reject) => {
        allArrived = resolve;
        setTimeout(() => reject(new Error(`${label}: change ${round} reached ${watchers.count - pending} of ${watchers.count} watchers in 30 s`)), 30_000).unref();
      });
      const sentAt = wallClockMs();
      const { originAt } = await trigger(round);
      writes.push(wallClockMs() - sentAt);
      await arrived;
      const origin = originAt ? await originAt() : sentAt;
      for (const at of received) {
        fromSend.push(at - sentAt);
        fromOrigin.push(at - origin);
      }
      toAll.push(Math.max(...received) - sentAt);
      await new Promise((done) => setTimeout(done, 5));
    }
  } finally {
    await watchers.close();
  }
  const measured = { fromOrigin: percentiles(fromOrigin), fromSend: percentiles(fromSend), fromSendTimes: fromSend, toAll: percentiles(toAll), writeP50: percentiles(writes).p50 };
  context.log(
    `${label}: ${rounds} changes × ${watchers.count} watchers = ${fromOrigin.length} notifications; from the origin p50 ${measured.fromOrigin.p50.toFixed(2)} ms, ` +
      `p99 ${measured.fromOrigin.p99.toFixed(2)} ms; from the write p50 ${measured.fromSend.p50.toFixed(2)} ms, p99 ${measured.fromSend.p99.toFixed(2)} ms, ` +
      `to the last watcher p50 ${measured.toAll.p50.toFixed(2)} ms; the write's response p50 ${measured.writeP50.toFixed(2)} ms`,
  );
  return measured;
}

export function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

/** Milliseconds since the epoch, sub-millisecond: the clock the server stamps commits with. */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

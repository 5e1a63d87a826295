/**
 * Milliseconds since the epoch with sub-millisecond precision. Replicas compare these across
 * processes (fan-out lag, commit-to-notify), which is exact on one machine and as good as the
 * clock synchronisation between machines otherwise.
 */
export function wallClockMs(): number {
  return performance.timeOrigin + performance.now();
}

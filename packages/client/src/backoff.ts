import type { BackoffOptions } from './client-types';

export const DEFAULT_BACKOFF: Required<BackoffOptions> = { initialDelayMs: 250, maxDelayMs: 30_000 };

/**
 * The delay before reconnect attempt `attempt` (0-based): "full jitter", a random point
 * between 0 and min(cap, initial * 2^attempt), so that clients cut off together by a server
 * restart do not all come back in the same instant.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const initial = options.initialDelayMs ?? DEFAULT_BACKOFF.initialDelayMs;
  const cap = options.maxDelayMs ?? DEFAULT_BACKOFF.maxDelayMs;
  const ceiling = Math.min(cap, initial * 2 ** Math.min(attempt, 30));
  // Never 0: a tight loop against a server that refuses at once helps nobody.
  return Math.max(Math.min(initial, ceiling) / 4, Math.round(random() * ceiling));
}

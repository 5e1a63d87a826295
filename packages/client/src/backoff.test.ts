import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially up to the cap, with full jitter below the ceiling', () => {
    const options = { initialDelayMs: 100, maxDelayMs: 1_000 };
    expect(backoffDelay(0, options, () => 1)).toBe(100);
    expect(backoffDelay(3, options, () => 1)).toBe(800);
    expect(backoffDelay(10, options, () => 1)).toBe(1_000);
    expect(backoffDelay(50, options, () => 0.5)).toBe(500);
  });

  it('never returns 0, so a server that refuses at once is not hammered', () => {
    expect(backoffDelay(0, { initialDelayMs: 100 }, () => 0)).toBe(25);
    const delays = Array.from({ length: 200 }, () => backoffDelay(4, { initialDelayMs: 100, maxDelayMs: 30_000 }));
    expect(Math.min(...delays)).toBeGreaterThan(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1_600);
    // Jitter: 200 draws are not all the same.
    expect(new Set(delays).size).toBeGreaterThan(10);
  });
});

import type { IncomingMessage } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { FailedAuthLimiter } from './failed-auth-limiter';

function request(address: string, apiKey?: string): IncomingMessage {
  return { socket: { remoteAddress: address }, headers: apiKey ? { 'x-api-key': apiKey } : {} } as unknown as IncomingMessage;
}

async function refused(limiter: FailedAuthLimiter, req: IncomingMessage): Promise<boolean> {
  return Promise.resolve(limiter.check(req)).then(
    () => false,
    (error: { code?: string }) => error.code === 'rate_limited',
  );
}

describe('FailedAuthLimiter', () => {
  it('counts failures per address: other addresses are not limited', async () => {
    const limiter = new FailedAuthLimiter({ perMinute: 3 });
    for (let i = 0; i < 3; i++) limiter.recordFailure(request('10.0.0.1'));
    await new Promise((done) => setImmediate(done));
    expect(await refused(limiter, request('10.0.0.1'))).toBe(true);
    expect(await refused(limiter, request('10.0.0.2'))).toBe(false);
  });

  it('counts failures per key prefix across addresses: guessing one key from many addresses is limited', async () => {
    const limiter = new FailedAuthLimiter({ perMinute: 3 });
    const target = `csk_${'A'.repeat(43)}`;
    for (let i = 0; i < 3; i++) limiter.recordFailure(request(`10.0.1.${i}`, `${target.slice(0, 11)}guess${i}${'x'.repeat(30)}`));
    await new Promise((done) => setImmediate(done));
    // A fresh address, the same prefix: refused; another prefix from a fresh address: allowed.
    expect(await refused(limiter, request('10.0.2.1', target))).toBe(true);
    expect(await refused(limiter, request('10.0.2.1', `csk_Zz${'y'.repeat(41)}`))).toBe(false);
  });

  it('reads no counter when no failure was counted for a window (none can be over the limit), and again after one', async () => {
    vi.useFakeTimers();
    try {
      const limiter = new FailedAuthLimiter({ perMinute: 2 });
      expect(limiter.check(request('10.0.4.1'))).toBeUndefined();
      limiter.recordFailure(request('10.0.4.1'));
      limiter.recordFailure(request('10.0.4.1'));
      await vi.advanceTimersByTimeAsync(0);
      expect(limiter.check(request('10.0.4.2'))).toBeInstanceOf(Promise);
      expect(await refused(limiter, request('10.0.4.1'))).toBe(true);
      await vi.advanceTimersByTimeAsync(59_000);
      expect(await refused(limiter, request('10.0.4.1'))).toBe(true);
      // The window of the counts has passed: the counter is not read, and reading it would agree.
      await vi.advanceTimersByTimeAsync(3_000);
      expect(limiter.check(request('10.0.4.1'))).toBeUndefined();
      // A failure elsewhere makes the counters read again: this address's counts have expired there too.
      limiter.recordFailure(request('10.0.4.9'));
      await vi.advanceTimersByTimeAsync(0);
      expect(limiter.check(request('10.0.4.1'))).toBeInstanceOf(Promise);
      expect(await refused(limiter, request('10.0.4.1'))).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('counts nothing for requests that did not fail', async () => {
    const limiter = new FailedAuthLimiter({ perMinute: 1 });
    expect(await refused(limiter, request('10.0.3.1', 'csk_whatever-key-000000'))).toBe(false);
    expect(await refused(limiter, request('10.0.3.1', 'csk_whatever-key-000000'))).toBe(false);
  });
});

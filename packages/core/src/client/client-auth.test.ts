import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientAuth } from './client-auth';

afterEach(() => {
  vi.useRealTimers();
});

describe('ClientAuth', () => {
  it('sends an API key as X-API-Key', async () => {
    const auth = new ClientAuth({ apiKey: 'k' }, () => Promise.reject(new Error('no exchange')), false);
    expect(auth.usesTokens).toBe(false);
    expect(await auth.headers()).toEqual({ 'x-api-key': 'k' });
  });

  it('exchanges the key for tokens and renews one before it expires, one renewal at a time', async () => {
    vi.useFakeTimers({ now: 0 });
    let issued = 0;
    const exchange = vi.fn(async (apiKey: string) => ({ access_token: `${apiKey}-${++issued}`, expires_in: 100 }));
    const auth = new ClientAuth({ apiKey: 'k' }, exchange, true);
    expect(await Promise.all([auth.token(), auth.token()])).toEqual(['k-1', 'k-1']);
    expect(exchange).toHaveBeenCalledTimes(1);
    // Renewed once less than 20 % of the lifetime is left: at 80 s of 100 s.
    expect(auth.renewAt).toBe(80_000);
    vi.setSystemTime(79_999);
    expect(await auth.token()).toBe('k-1');
    vi.setSystemTime(80_000);
    expect(await auth.headers()).toEqual({ authorization: 'Bearer k-2' });
    auth.invalidate();
    expect(await auth.token()).toBe('k-3');
  });

  it('takes tokens from a provider, and a fixed token', async () => {
    const provider = new ClientAuth({ token: async () => ({ access_token: 't', expires_in: 60 }) }, () => Promise.reject(new Error('unused')), false);
    expect(await provider.headers()).toEqual({ authorization: 'Bearer t' });
    const fixed = new ClientAuth({ token: 'fixed' }, () => Promise.reject(new Error('unused')), false);
    expect(await fixed.token()).toBe('fixed');
    expect(fixed.renewAt).toBe(Infinity);
  });

  it('hands its token on with what is left of its lifetime, so a second client renews in step', async () => {
    vi.useFakeTimers({ now: 0 });
    let issued = 0;
    const exchange = vi.fn(async () => ({ access_token: `t-${++issued}`, expires_in: 100 }));
    const owner = new ClientAuth({ apiKey: 'k' }, exchange, true);
    const borrower = new ClientAuth({ token: () => owner.accessToken() }, () => Promise.reject(new Error('unused')), false);
    vi.setSystemTime(0);
    expect(await borrower.token()).toBe('t-1');
    // 100 s left: the borrower renews at 80 s, when the owner renews too; one exchange each time.
    expect(borrower.renewAt).toBe(80_000);
    vi.setSystemTime(50_000);
    expect(await owner.accessToken()).toEqual({ access_token: 't-1', expires_in: 50 });
    vi.setSystemTime(80_000);
    expect(await borrower.token()).toBe('t-2');
    expect(exchange).toHaveBeenCalledTimes(2);
    expect(await new ClientAuth({ token: 'fixed' }, () => Promise.reject(new Error('unused')), false).accessToken()).toEqual({ access_token: 'fixed' });
  });

  it('needs a credential', () => {
    expect(() => new ClientAuth({}, () => Promise.reject(new Error('unused')), false)).toThrow(/apiKey.*token/);
  });
});

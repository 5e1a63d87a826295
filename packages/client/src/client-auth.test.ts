import { afterEach, describe, expect, it, vi } from 'vitest';
import { ClientAuth } from './client-auth';

afterEach(() => {
  vi.useRealTimers();
});

describe('ClientAuth', () => {
  it('sends an API key as X-API-Key', async () => {
    const auth = new ClientAuth({ apiKey: 'k' }, () => Promise.reject(new Error('no exchange')), false, Date.now);
    expect(auth.usesTokens).toBe(false);
    expect(await auth.headers()).toEqual({ 'x-api-key': 'k' });
  });

  it('exchanges the key for tokens and renews one before it expires, one renewal at a time', async () => {
    vi.useFakeTimers({ now: 0 });
    let issued = 0;
    const exchange = vi.fn(async (apiKey: string) => ({ access_token: `${apiKey}-${++issued}`, expires_in: 100 }));
    const auth = new ClientAuth({ apiKey: 'k' }, exchange, true, Date.now);
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
    const provider = new ClientAuth({ token: async () => ({ access_token: 't', expires_in: 60 }) }, () => Promise.reject(new Error('unused')), false, Date.now);
    expect(await provider.headers()).toEqual({ authorization: 'Bearer t' });
    const fixed = new ClientAuth({ token: 'fixed' }, () => Promise.reject(new Error('unused')), false, Date.now);
    expect(await fixed.token()).toBe('fixed');
    expect(fixed.renewAt).toBe(Infinity);
  });

  it('needs a credential', () => {
    expect(() => new ClientAuth({}, () => Promise.reject(new Error('unused')), false, Date.now)).toThrow(/apiKey.*token/);
  });
});

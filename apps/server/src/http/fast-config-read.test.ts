import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { plainEntryRead } from './fast-config-read';

const request = (method: string, url: string) => ({ method, url }) as IncomingMessage;

describe('plainEntryRead: which requests the fast path takes', () => {
  it('takes GET and HEAD of one entry, with the key decoded and the query parsed as Express would', () => {
    expect(plainEntryRead(request('GET', '/api/v1/configs/stripe.timeout_ms?namespace=payments'))).toEqual({
      key: 'stripe.timeout_ms',
      query: { namespace: 'payments' },
    });
    expect(plainEntryRead(request('HEAD', '/api/v1/configs/a%2Db'))).toEqual({ key: 'a-b', query: {} });
    expect(plainEntryRead(request('GET', '/api/v1/configs/a?namespace=x&namespace=y'))?.query).toEqual({ namespace: ['x', 'y'] });
    // An encoded slash decodes into a key the route then refuses, as Express's route does.
    expect(plainEntryRead(request('GET', '/api/v1/configs/a%2Fb'))?.key).toBe('a/b');
  });

  it('leaves everything else to Express', () => {
    for (const [method, url] of [
      ['PUT', '/api/v1/configs/a'],
      ['DELETE', '/api/v1/configs/a'],
      ['OPTIONS', '/api/v1/configs/a'],
      ['GET', '/api/v1/configs/'],
      ['GET', '/api/v1/configs/?namespace=x'],
      ['GET', '/api/v1/configs/a/'],
      ['GET', '/api/v1/configs/a/history'],
      ['GET', '/api/v1/configs/namespace/payments'],
      ['GET', '/API/v1/configs/a'],
      ['GET', '/api/v1/configs'],
      ['GET', '//api/v1/configs/a'],
      ['GET', '/api/v1/configs/%E0%A4%A'],
    ] as const) {
      expect(plainEntryRead(request(method, url)), `${method} ${url}`).toBeNull();
    }
  });
});

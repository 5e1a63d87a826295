import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { afterEach, describe, expect, it } from 'vitest';
import { isConfigServiceError } from '@config-service/core';
import { runSteps, type Step } from '../pipeline';
import { addressKey, apiRateLimit, tokenRateLimit } from './rate-limits';

const from = (remoteAddress: string) => ({ socket: { remoteAddress } }) as IncomingMessage;

describe('addressKey', () => {
  it('counts an IPv6 client by its /56 and an IPv4 client on a dual-stack socket by its IPv4 address', () => {
    expect(addressKey(from('2001:db8:1234:5600::1'))).toBe(addressKey(from('2001:db8:1234:56ff:ffff::9')));
    expect(addressKey(from('2001:db8:1234:5600::1'))).not.toBe(addressKey(from('2001:db8:1234:5700::1')));
    expect(addressKey(from('::ffff:10.0.0.7'))).toBe('ip:10.0.0.7');
    expect(addressKey(from('10.0.0.7'))).toBe('ip:10.0.0.7');
    expect(addressKey(from('10.0.0.7'))).not.toBe(addressKey(from('10.0.0.8')));
  });
});

/** A real HTTP server running `step`, then answering with the status the request asks for. */
async function serve(step: Step): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) =>
    runSteps([step], req, res, (error) => {
      res.statusCode = error ? (isConfigServiceError(error) ? error.status : 500) : Number(req.headers['x-answer'] ?? 200);
      if (error && isConfigServiceError(error)) res.setHeader('retry-after', String((error as { retryAfter?: number }).retryAfter));
      res.end();
    }),
  );
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe('rate-limit steps', () => {
  let server: Server | undefined;
  afterEach(() => server?.close());

  it('lets `points` requests of one credential through with draft-7 headers, then refuses with a 429 and Retry-After', async () => {
    const running = await serve(apiRateLimit(new RateLimiterMemory({ points: 3, duration: 60 })));
    server = running.server;
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await fetch(running.url, { headers: { 'x-api-key': 'csk_a' } }));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 429]);
    expect(answers[0]?.headers.get('ratelimit')).toMatch(/^limit=3, remaining=2, reset=(59|60)$/);
    expect(answers[0]?.headers.get('ratelimit-policy')).toBe('3;w=60');
    expect(answers[3]?.headers.get('ratelimit')).toMatch(/^limit=3, remaining=0, reset=\d+$/);
    expect(Number(answers[3]?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another credential has its own count.
    expect((await fetch(running.url, { headers: { 'x-api-key': 'csk_b' } })).status).toBe(200);
  });

  it('counts only failed token exchanges', async () => {
    const running = await serve(tokenRateLimit(new RateLimiterMemory({ points: 2, duration: 60 })));
    server = running.server;
    const attempt = async (answer: number) => (await fetch(running.url, { headers: { 'x-answer': String(answer) } })).status;
    expect([await attempt(200), await attempt(200), await attempt(200)]).toEqual([200, 200, 200]);
    expect([await attempt(401), await attempt(401), await attempt(200)]).toEqual([401, 401, 429]);
  });
});

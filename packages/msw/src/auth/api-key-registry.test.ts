import { describe, expect, it } from 'vitest';
import { NotFoundError, UnauthorizedError, ValidationError } from '@config-service/core';
import { ApiKeyRegistry, DEFAULT_ADMIN_KEY } from './api-key-registry';

function registry(start = '2026-11-25T10:00:00.000Z') {
  const clock = { now: new Date(start) };
  return { clock, keys: new ApiKeyRegistry({ now: () => clock.now, tokenTtlSeconds: 60 }) };
}

function expectUnauthorized(work: () => unknown, message: RegExp): void {
  expect(work).toThrow(UnauthorizedError);
  expect(work).toThrow(message);
}

describe('ApiKeyRegistry', () => {
  it('authenticates a seeded key as its principal and records its last use', () => {
    const { keys } = registry();
    const info = keys.add({ key: DEFAULT_ADMIN_KEY, name: 'admin', roles: ['admin'] });
    expect(info.last_used_at).toBeNull();
    expect(keys.authenticate({ apiKey: DEFAULT_ADMIN_KEY })).toEqual({ keyId: info.id, name: 'admin', roles: ['admin'], namespaces: null });
    expect(keys.list()[0]?.last_used_at).toBe('2026-11-25T10:00:00.000Z');
    expectUnauthorized(() => keys.authenticate({ apiKey: 'csk_unknown-key-0000000' }), /not valid/);
    expectUnauthorized(() => keys.authenticate({}), /X-API-Key/);
  });

  it('refuses a short or duplicated seeded key', () => {
    const { keys } = registry();
    expect(() => keys.add({ key: 'short', name: 'x', roles: ['reader'] })).toThrow(ValidationError);
    keys.add({ key: 'csk_0123456789abcdef', name: 'x', roles: ['reader'] });
    expect(() => keys.add({ key: 'csk_0123456789abcdef', name: 'y', roles: ['reader'] })).toThrow(/seeded twice/);
  });

  it('creates a random key shown once, lists it by prefix only, and revokes it', () => {
    const { keys } = registry();
    const revoked: string[] = [];
    keys.onRevoked((id) => revoked.push(id));
    const created = keys.create({ name: 'reader-1', roles: ['reader', 'reader'], namespaces: ['only-here'] });
    expect(created.key).toMatch(/^csk_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({ name: 'reader-1', roles: ['reader'], namespaces: ['only-here'], expires_at: null });
    const listed = keys.list();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    // A quarter of the 47-character key at most: 11 characters.
    expect(listed[0]).toMatchObject({ id: created.id, prefix: created.key.slice(0, 11) });
    expect(keys.authenticate({ apiKey: created.key }).namespaces).toEqual(['only-here']);

    keys.delete(created.id);
    expect(revoked).toEqual([created.id]);
    expectUnauthorized(() => keys.authenticate({ apiKey: created.key }), /not valid/);
    expect(() => keys.delete(created.id)).toThrow(NotFoundError);
    expect(keys.list()).toEqual([]);
  });

  it('refuses a key past its expiry', () => {
    const { keys, clock } = registry();
    const created = keys.create({ name: 'short-lived', roles: ['reader'], expires_at: '2026-11-25T10:00:30.000Z' });
    expect(keys.authenticate({ apiKey: created.key }).name).toBe('short-lived');
    clock.now = new Date('2026-11-25T10:00:30.000Z');
    expectUnauthorized(() => keys.authenticate({ apiKey: created.key }), /expired/);
  });

  it('issues JWT-shaped access tokens that expire and die with their key', () => {
    const { keys, clock } = registry();
    const created = keys.create({ name: 'browser', roles: ['reader'] });
    const issued = keys.issueToken(created.key);
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 60 });
    const [, payload] = issued.access_token.split('.');
    const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/'))) as { sub: string; exp: number; iat: number };
    expect(claims.sub).toBe('browser');
    expect(claims.exp - claims.iat).toBe(60);
    expect(keys.tokenExpiry(issued.access_token)).toBe(Date.parse('2026-11-25T10:01:00.000Z'));
    expect(keys.authenticate({ accessToken: issued.access_token }).name).toBe('browser');
    expectUnauthorized(() => keys.issueToken('csk_not-a-key-000000000'), /not valid/);

    clock.now = new Date('2026-11-25T10:01:00.000Z');
    expectUnauthorized(() => keys.authenticate({ accessToken: issued.access_token }), /expired/);

    const second = keys.issueToken(created.key);
    keys.delete(created.id);
    expectUnauthorized(() => keys.authenticate({ accessToken: second.access_token }), /not valid/);
    expectUnauthorized(() => keys.authenticate({ accessToken: 'a.b.c' }), /not valid/);
  });
});

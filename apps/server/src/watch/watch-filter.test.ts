import { describe, expect, it } from 'vitest';
import type { Principal } from '@config-service/contract';
import { SharedFilters } from './watch-filter';

const principal: Principal = { keyId: 'k', name: 'reader', roles: ['reader'], namespaces: null };

describe('SharedFilters', () => {
  it('gives the watches that ask the same one filter, and keeps it only while one uses it', () => {
    const filters = new SharedFilters();
    const first = filters.take(principal, { namespaces: ['payments'], key: undefined, prefix: 'a' });
    const same = filters.take(principal, { namespaces: ['payments'], key: undefined, prefix: 'a' });
    const other = filters.take(principal, { namespaces: ['payments'], key: 'a', prefix: undefined });
    expect(same).toBe(first);
    expect(other).not.toBe(first);
    expect(first.indexRoute).toEqual(first.route());
    filters.release(first);
    expect(filters.take(principal, { namespaces: ['payments'], key: undefined, prefix: 'a' })).toBe(first);
    filters.release(first);
    filters.release(same);
    // Released by all: the next watch asking the same gets a new one.
    expect(filters.take(principal, { namespaces: ['payments'], key: undefined, prefix: 'a' })).not.toBe(first);
  });
});

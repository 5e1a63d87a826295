import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Principal } from '@config-service/contract';
import type { CommittedChange } from '@config-service/contract';
import { WatchFilter } from './watch-filter';
import { WatchIndex } from './watch-index';

const namespaces = ['payments', 'search', 'web'];
const keys = ['a', 'ab', 'abc', 'b', 'ba', 'timeout'];
const change = (namespace: string, key: string) => ({ namespace, key }) as CommittedChange;

const watcherArb = fc.record({
  principalNamespaces: fc.option(fc.subarray(namespaces), { nil: null }),
  queryNamespaces: fc.subarray(namespaces),
  key: fc.option(fc.constantFrom(...keys), { nil: undefined }),
  prefix: fc.option(fc.constantFrom('a', 'ab', 'b', 't', 'x'), { nil: undefined }),
});

function filterOf(watcher: { principalNamespaces: string[] | null; queryNamespaces: string[]; key: string | undefined; prefix: string | undefined }): WatchFilter {
  const principal: Principal = { keyId: 'k', name: 'reader', roles: ['reader'], namespaces: watcher.principalNamespaces };
  return new WatchFilter(principal, { namespaces: watcher.queryNamespaces, key: watcher.key, prefix: watcher.prefix });
}

describe('WatchIndex', () => {
  it('visits exactly the watchers whose filter matches a change, each once', () => {
    fc.assert(
      fc.property(fc.array(watcherArb, { maxLength: 30 }), fc.array(fc.nat(29)), (watchers, removed) => {
        const index = new WatchIndex<number>();
        const filters = watchers.map(filterOf);
        filters.forEach((filter, id) => index.add(id, filter.route()));
        const gone = new Set(removed.filter((id) => id < watchers.length));
        for (const id of gone) index.remove(id);
        for (const namespace of [...namespaces, 'other']) {
          for (const key of [...keys, 'zzz']) {
            const visited: number[] = [];
            index.forEachMatch({ namespace, key }, (id) => visited.push(id));
            const expected = filters.flatMap((filter, id) => (!gone.has(id) && filter.matches(change(namespace, key)) ? [id] : []));
            expect(visited.sort((a, b) => a - b)).toEqual(expected);
          }
        }
        for (const id of filters.keys()) index.remove(id);
        expect(index.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('lets a visit remove watchers (a slow one closed mid-fan-out) without skipping the others', () => {
    const index = new WatchIndex<number>();
    const route = { namespaces: ['payments'], key: undefined, prefix: undefined };
    for (let id = 0; id < 10; id++) index.add(id, route);
    const visited: number[] = [];
    index.forEachMatch({ namespace: 'payments', key: 'a' }, (id) => {
      visited.push(id);
      index.remove(id);
    });
    expect(visited).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(index.size).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import type { ConfigChange } from './client-types';
import { SubscriptionRegistry, resolveTarget } from './subscription-registry';

function change(namespace: string, key: string): ConfigChange {
  return { namespace, key, action: 'updated', value: 1, previousValue: 0, version: 2, revision: 3, entry: null, source: 'watch' };
}

describe('SubscriptionRegistry', () => {
  it('routes a change to its key, its prefixes and its namespace only', () => {
    const errors: unknown[] = [];
    const registry = new SubscriptionRegistry((error) => errors.push(error));
    const seen: string[] = [];
    registry.add(resolveTarget('a.b', 'ns'), () => seen.push('key a.b'));
    registry.add(resolveTarget({ key: 'a.b', namespace: 'other' }, 'ns'), () => seen.push('other ns key'));
    registry.add(resolveTarget({ prefix: 'a.' }, 'ns'), () => seen.push('prefix a.'));
    registry.add(resolveTarget({ prefix: 'b.' }, 'ns'), () => seen.push('prefix b.'));
    registry.add(resolveTarget({ namespace: 'ns' }, 'default'), () => seen.push('namespace'));
    registry.notify(change('ns', 'a.b'));
    expect(seen.sort()).toEqual(['key a.b', 'namespace', 'prefix a.']);
    expect(errors).toEqual([]);
  });

  it('unsubscribes, counts the same function twice, and survives a throwing listener', () => {
    const errors: unknown[] = [];
    const registry = new SubscriptionRegistry((error) => errors.push(error));
    let calls = 0;
    const listener = () => calls++;
    const first = registry.add(resolveTarget('k', 'ns'), listener);
    registry.add(resolveTarget('k', 'ns'), listener);
    registry.add(resolveTarget('k', 'ns'), () => {
      throw new Error('boom');
    });
    registry.notify(change('ns', 'k'));
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    first();
    registry.notify(change('ns', 'k'));
    expect(calls).toBe(3);
  });
});

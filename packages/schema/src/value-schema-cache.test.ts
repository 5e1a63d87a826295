import { describe, expect, it } from 'vitest';
import { ValueSchemaCache } from './value-schema-cache';

describe('ValueSchemaCache', () => {
  it('compiles a schema version once, and again only for a newer version', () => {
    const cache = new ValueSchemaCache();
    const v1 = JSON.stringify({ type: 'integer' });
    const first = cache.get('ns', 'k', 1, v1);
    for (let i = 0; i < 100; i += 1) expect(cache.get('ns', 'k', 1, v1)).toBe(first);
    expect(cache.compileCount).toBe(1);
    const second = cache.get('ns', 'k', 2, JSON.stringify({ type: 'string' }));
    expect(second.check('x')).toEqual([]);
    expect(cache.get('ns', 'k', 2, '{}')).toBe(second);
    expect(cache.compileCount).toBe(2);
    cache.forget('ns', 'k');
    cache.get('ns', 'k', 2, JSON.stringify({ type: 'string' }));
    expect(cache.compileCount).toBe(3);
  });
});

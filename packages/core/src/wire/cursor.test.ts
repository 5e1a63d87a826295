import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor';

describe('cursors', () => {
  it('round-trip any key, unicode included', () => {
    for (const k of ['a', 'b.c-d_e', 'ключ', '😀']) expect(decodeCursor(encodeCursor({ k }), { k: 'string' })).toEqual({ k });
    expect(decodeCursor(encodeCursor({ v: 42 }), { v: 'number' })).toEqual({ v: 42 });
  });

  it('refuse what they did not make, with a validation error', () => {
    for (const bad of ['', '%%', 'bm90LWpzb24', encodeCursor({ k: 1 }), encodeCursor({ v: 1.5 })]) {
      expect(() => decodeCursor(bad, { k: 'string' })).toThrow(/cursor/);
    }
    expect(() => decodeCursor(encodeCursor({ v: 1.5 }), { v: 'number' })).toThrow(/cursor/);
  });
});

import { describe, expect, it } from 'vitest';
import { mergeEdits } from './json-diff';

describe('mergeEdits: my edits applied on top of what changed meanwhile', () => {
  it('keeps both sides when they touch different places', () => {
    const base = { max: 3, backoff_ms: 200, hosts: ['a'] };
    const mine = { max: 6, backoff_ms: 200, hosts: ['a'] };
    const theirs = { max: 3, backoff_ms: 400, hosts: ['a', 'b'] };
    expect(mergeEdits(base, mine, theirs)).toEqual({ max: 6, backoff_ms: 400, hosts: ['a', 'b'] });
  });

  it('gives theirs when I changed nothing, and undefined when both changed the same value differently', () => {
    expect(mergeEdits({ a: 1 }, { a: 1 }, { a: 2 })).toEqual({ a: 2 });
    expect(mergeEdits({ a: 1 }, { a: 3 }, { a: 2 })).toBeUndefined();
    expect(mergeEdits({ a: 1, b: 1 }, { a: 2, b: 1 }, { a: 2, b: 5 })).toEqual({ a: 2, b: 5 });
  });
});

import { describe, expect, it } from 'vitest';
import { isBacktrackFree } from './backtrack-free-pattern';

describe('isBacktrackFree', () => {
  it('admits anchored patterns with at most one variable repetition of one character or class', () => {
    for (const pattern of ['^[a-z0-9-]+$', '^\\d{3}-\\d{4}$', '^[A-Z]{2,3}$', '^https://', '^v\\d+', '^[^\\]]*$', '^a\\.b.c$', '^x?$']) {
      expect(isBacktrackFree(pattern), pattern).toBe(true);
    }
  });

  it('sends everything else to RE2', () => {
    for (const pattern of [
      '^(a+)+$', // nested: exponential
      '^a*a*b$', // two variable repetitions: polynomial
      '^\\d+\\.?\\d*$',
      '[a-z]+$', // unanchored: a search from every position
      '^(a|b)$',
      '^a+?$',
      '^a{1,}{2}$',
      '^[[:alpha:]]+$',
      '^\\1$',
      '^a$b',
      '^a?b?c?d?$', // each `?` doubles the ways to match
    ]) {
      expect(isBacktrackFree(pattern), pattern).toBe(false);
    }
  });
});

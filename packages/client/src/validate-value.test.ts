import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '@config-service/core';
import { validateValue } from './validate-value';

describe('validateValue (Standard Schema)', () => {
  it('returns the output of the schema', () => {
    const schema = z.object({ rps: z.number(), mode: z.enum(['a', 'b']).default('a') });
    expect(validateValue(schema, { rps: 5 }, 'ns/limits')).toEqual({ rps: 5, mode: 'a' });
  });

  it('rejects a bad value with the key, the path and the reason', () => {
    const schema = z.object({ rps: z.number() });
    let caught: unknown;
    try {
      validateValue(schema, { rps: 'fast' }, 'payments/limits');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as ValidationError;
    expect(error.message).toMatch(/payments\/limits does not match its schema: rps: /);
    expect(error.errors).toEqual([{ path: 'rps', message: expect.any(String) }]);
  });

  it('refuses an asynchronous schema clearly rather than returning a promise', () => {
    const schema = z.string().refine(async () => true);
    expect(() => validateValue(schema, 'x', 'ns/k')).toThrow(/validates asynchronously/);
  });
});

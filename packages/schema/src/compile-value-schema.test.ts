import { describe, expect, it } from 'vitest';
import { PayloadTooLargeError, ValidationError } from '@config-service/core';
import { compileValueSchema } from './compile-value-schema';

const retrySchema = JSON.stringify({
  type: 'object',
  properties: { retries: { type: 'integer', minimum: 0 }, url: { type: 'string', format: 'uri' }, 'a/b~c': { type: 'boolean' } },
  required: ['retries'],
  additionalProperties: false,
});

function refusal(schema: unknown): ValidationError | PayloadTooLargeError {
  try {
    compileValueSchema(typeof schema === 'string' ? schema : JSON.stringify(schema));
  } catch (error) {
    if (error instanceof ValidationError || error instanceof PayloadTooLargeError) return error;
    throw error;
  }
  throw new Error('the schema was accepted');
}

describe('compileValueSchema', () => {
  it('answers each failure with a JSON Pointer into the request body', () => {
    const schema = compileValueSchema(retrySchema);
    expect(schema.check({ retries: 3 }, '/value')).toEqual([]);
    expect(schema.check({ retries: 'three', url: 'not a uri', extra: 1, 'a/b~c': 0 }, '/value')).toEqual(
      expect.arrayContaining([
        { path: '/value/retries', message: 'must be integer' },
        { path: '/value/url', message: 'must match format "uri"' },
        { path: '/value/extra', message: 'is not allowed by the schema (additionalProperties)' },
        { path: '/value/a~1b~0c', message: 'must be boolean' },
      ]),
    );
    expect(schema.check({}, '/value')).toEqual([{ path: '/value/retries', message: 'is required' }]);
  });

  it('resolves references inside the document and refuses any other', () => {
    const local = compileValueSchema(JSON.stringify({ $defs: { port: { type: 'integer' } }, $ref: '#/$defs/port' }));
    expect(local.check('80')).toEqual([{ path: '', message: 'must be integer' }]);
    const remote = refusal({ $ref: 'https://example.com/schema.json' });
    expect(remote.message).toMatch(/does not resolve inside the schema/);
  });

  it("does not let one schema's $id serve another schema's $ref", () => {
    compileValueSchema(JSON.stringify({ $id: 'https://example.com/shared', type: 'string' }));
    expect(refusal({ $ref: 'https://example.com/shared' }).message).toMatch(/does not resolve/);
  });

  it('refuses what is not a 2020-12 schema, with a pointer into the schema', () => {
    const error = refusal({ type: 'object', properties: { retries: { type: 'integr' } } });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error.errors?.some((issue) => issue.path.startsWith('/properties/retries/type'))).toBe(true);
    expect(refusal([1, 2]).message).toMatch(/object or a boolean/);
  });

  it('refuses a schema over 64 KiB with 413', () => {
    const big = { type: 'object', description: 'x'.repeat(64 * 1024) };
    expect(refusal(big)).toBeInstanceOf(PayloadTooLargeError);
  });

  it('runs patterns on RE2, so a catastrophic pattern stays linear, and refuses what RE2 cannot run', () => {
    const evil = compileValueSchema(JSON.stringify({ type: 'string', pattern: '^(a+)+$' }));
    const input = `${'a'.repeat(100_000)}!`;
    const started = performance.now();
    expect(evil.check(input)).toEqual([{ path: '', message: 'must match pattern "^(a+)+$"' }]);
    // A backtracking engine takes longer than the age of the universe on this input.
    expect(performance.now() - started).toBeLessThan(5_000);
    // Each schema keeps its own pattern: ajv caches compiled patterns across schemas by name.
    expect(compileValueSchema(JSON.stringify({ pattern: '^a$' })).check('b')).toHaveLength(1);
    expect(compileValueSchema(JSON.stringify({ pattern: '^b$' })).check('b')).toEqual([]);
    expect(refusal({ type: 'string', pattern: '(?=a)b' }).message).toMatch(/RE2/);
    expect(refusal({ patternProperties: { '(a)\\1': {} } }).message).toMatch(/RE2/);
  });

  it('refuses a pairwise uniqueItems without a small maxItems', () => {
    expect(refusal({ type: 'array', uniqueItems: true }).errors).toEqual([{ path: '/uniqueItems', message: expect.stringMatching(/maxItems/) }]);
    expect(refusal({ properties: { tags: { items: { type: 'object' }, uniqueItems: true, maxItems: 5000 } } }).errors?.[0]?.path).toBe(
      '/properties/tags/uniqueItems',
    );
    expect(() => compileValueSchema(JSON.stringify({ items: { type: 'string' }, uniqueItems: true }))).not.toThrow();
    expect(() => compileValueSchema(JSON.stringify({ items: { type: 'object' }, uniqueItems: true, maxItems: 100 }))).not.toThrow();
    expect(() => compileValueSchema(JSON.stringify({ const: { uniqueItems: true } }))).not.toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import { findUnstorable } from './storable-value';
import { LosslessNumber, canonicalJson, parseJsonText, sameJsonValue, stringifyJson } from './lossless-json';

describe('lossless JSON', () => {
  it('writes numbers back digit for digit', () => {
    const text = '{"a":12345678901234567890,"b":0.1000000000000000055511151231257827,"c":[1.50,-0,1e-7]}';
    expect(stringifyJson(parseJsonText(text))).toBe(text);
  });

  it('gives equal values the same canonical text whatever the key order', () => {
    expect(canonicalJson(parseJsonText('{"b":1,"a":{"y":2,"x":1}}'))).toBe(canonicalJson(parseJsonText('{"a":{"x":1,"y":2},"b":1}')));
    expect(canonicalJson(parseJsonText('[1,2]'))).not.toBe(canonicalJson(parseJsonText('[2,1]')));
  });

  it('calls two values the same exactly when their canonical texts are equal', () => {
    const pairs: [string, string][] = [
      ['{"b":1,"a":{"y":2,"x":1}}', '{"a":{"x":1,"y":2},"b":1}'],
      ['[1,2]', '[2,1]'],
      ['1.0', '1'],
      ['12345678901234567890', '12345678901234567891'],
      ['{"a":[1,{"b":null}]}', '{"a":[1,{"b":null}]}'],
      ['{"a":[1,{"b":null}]}', '{"a":[1,{"b":false}]}'],
      ['{"a":1}', '{"a":1,"b":1}'],
      ['{"a":1,"b":1}', '{"a":1,"c":1}'],
      ['null', '{}'],
      ['[]', '{}'],
      ['{"0":1}', '[1]'],
      ['"1"', '1'],
      ['"x"', '"x"'],
      ['true', 'true'],
      ['true', 'false'],
      ['{"__proto__":{"a":1}}', '{"__proto__":{"a":1}}'],
      ['{"__proto__":{"a":1}}', '{"__proto__":{"a":2}}'],
      ['{"__proto__":{}}', '{}'],
    ];
    for (const [left, right] of pairs) {
      const a = parseJsonText(left);
      const b = parseJsonText(right);
      expect([left, right, sameJsonValue(a, b)]).toEqual([left, right, canonicalJson(a) === canonicalJson(b)]);
      expect(sameJsonValue(b, a)).toBe(sameJsonValue(a, b));
    }
    // A number parsed by JSON.parse and the same number kept lossless are the same data.
    expect(sameJsonValue({ a: 2.5 }, { a: new LosslessNumber('2.5') })).toBe(true);
    expect(sameJsonValue({ a: 2.5 }, { a: new LosslessNumber('2.50') })).toBe(false);
    // Nor does a key whose value is undefined, which JSON does not write.
    expect(sameJsonValue({ a: 1, b: undefined }, parseJsonText('{"a":1}'))).toBe(true);
    expect(sameJsonValue(parseJsonText('{"a":1}'), { a: 1, b: undefined })).toBe(true);
    expect(sameJsonValue({ a: 1, b: undefined }, parseJsonText('{"a":1,"b":null}'))).toBe(false);
  });

  it('turns malformed and absurdly deep JSON into a validation error', () => {
    expect(() => parseJsonText('{"a":')).toThrow(/not valid JSON/);
    expect(() => parseJsonText('['.repeat(200_000))).toThrow(/not valid JSON/);
    expect(() => parseJsonText('{"a":1,"a":2}')).toThrow(/not valid JSON/);
  });

  it('keeps __proto__ as plain data', () => {
    const parsed = parseJsonText('{"__proto__":{"polluted":true}}') as Record<string, unknown>;
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(stringifyJson(parsed)).toBe('{"__proto__":{"polluted":true}}');
  });
});

describe('findUnstorable', () => {
  it('accepts ordinary values', () => {
    expect(findUnstorable(parseJsonText('{"a":[1,"😀",null,true,{"b":1e300}]}'))).toEqual([]);
  });

  it('names NUL, lone surrogates, out-of-range numbers and deep nesting with their path', () => {
    expect(findUnstorable(parseJsonText('{"a":["x\\u0000"]}'), '/value')).toEqual([{ path: '/value/a/0', message: 'the character U+0000 cannot be stored' }]);
    expect(findUnstorable('\ud800')[0]?.message).toMatch(/surrogate/);
    expect(findUnstorable('\udc00x')[0]?.message).toMatch(/surrogate/);
    expect(findUnstorable('\ud83d\ude00')).toEqual([]);
    expect(findUnstorable(parseJsonText('{"k\\u0000":1}'))[0]?.message).toMatch(/object key/);
    expect(findUnstorable(parseJsonText('1e1001'))[0]?.message).toMatch(/exponent/);
    expect(findUnstorable(parseJsonText('1e1000'))).toEqual([]);
    expect(findUnstorable(parseJsonText(`${'['.repeat(101)}${']'.repeat(101)}`))[0]?.message).toMatch(/nesting/);
    expect(findUnstorable(parseJsonText(`${'['.repeat(100)}${']'.repeat(100)}`))).toEqual([]);
  });
});

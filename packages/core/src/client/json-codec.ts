import { LosslessNumber, isSafeNumber, parse, stringify } from 'lossless-json';

/**
 * How a client reads and writes JSON text.
 * - `'native'`: `JSON.parse`; a number a JS `number` cannot hold exactly loses digits.
 * - `'lossless'`: a number that a `number` holds exactly stays a `number`; any other (an
 *   integer past 2^53, a decimal with more digits than a double keeps) is a `LosslessNumber`
 *   from lossless-json that keeps every digit: `String(n)` gives them back, `BigInt(String(n))`
 *   for an integer, and a write sends it back digit for digit.
 */
export type JsonMode = 'native' | 'lossless';

export interface JsonCodec {
  parse(text: string): unknown;
  stringify(value: unknown): string;
}

const nativeJson: JsonCodec = {
  parse: (text) => JSON.parse(text) as unknown,
  stringify: (value) => JSON.stringify(value),
};

// Safe numbers stay numbers, so revisions, versions and `expires_in` keep their plain type.
const parseNumber = (digits: string): number | LosslessNumber => (isSafeNumber(digits) ? Number(digits) : new LosslessNumber(digits));

const losslessJson: JsonCodec = {
  parse: (text) => parse(text, null, parseNumber),
  stringify: (value) => stringify(value) ?? 'null',
};

export function jsonCodec(mode: JsonMode = 'native'): JsonCodec {
  return mode === 'lossless' ? losslessJson : nativeJson;
}

import { LosslessNumber, isLosslessNumber, parse, stringify } from 'lossless-json';
import { ValidationError } from '../errors/errors';

/**
 * JSON text in and out without losing a digit: numbers become LosslessNumber and are written
 * back exactly as they came. Used for bodies and stored values alike.
 */
export function parseJsonText(text: string): unknown {
  try {
    return parse(text, null, (digits) => new LosslessNumber(digits));
  } catch (error) {
    // Deep nesting overflows the recursive parser's stack: still the sender's fault.
    const reason = error instanceof RangeError ? 'nesting is too deep' : (error as Error).message;
    throw new ValidationError(`the body is not valid JSON: ${reason}`, { cause: error });
  }
}

/** JSON text of a value that may hold LosslessNumbers. */
export function stringifyJson(value: unknown): string {
  const text = stringify(value);
  if (text === undefined) throw new ValidationError('the value cannot be written as JSON');
  return text;
}

/** The same text for equal values whatever their key order: used to detect no-op writes. */
export function canonicalJson(value: unknown): string {
  return stringifyJson(sortKeys(value));
}

/**
 * Whether two parsed JSON values hold the same data, key order ignored and numbers compared as
 * written (1.0 is not 1): for values parsed from JSON text, what comparing their canonicalJson
 * says, without writing either out. Other JavaScript values (a Date, a bigint, a boxed number)
 * are not JSON: compare their JSON texts, parsed.
 */
export function sameJsonValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isNumeric(a) || isNumeric(b)) return isNumeric(a) && isNumeric(b) && String(a) === String(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((item, index) => sameJsonValue(item, b[index]));
  if (Array.isArray(b)) return false;
  // As JSON is written: a key whose value is undefined is not there.
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  let keys = 0;
  for (const key of Object.keys(left)) {
    if (left[key] === undefined) continue;
    if (!Object.hasOwn(right, key) || !sameJsonValue(left[key], right[key])) return false;
    keys += 1;
  }
  for (const key of Object.keys(right)) if (right[key] !== undefined) keys -= 1;
  return keys === 0;
}

function isNumeric(value: unknown): value is number | LosslessNumber {
  return typeof value === 'number' || isLosslessNumber(value);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object' || isLosslessNumber(value)) return value;
  const sorted: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(value).sort()) {
    sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  }
  return sorted;
}

const encoder = new TextEncoder();

/** UTF-8 length of a string, for the contract's size limits. */
export function utf8Length(text: string): number {
  return encoder.encode(text).length;
}

export { isLosslessNumber, LosslessNumber };

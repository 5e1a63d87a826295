import { MAX_METADATA_BYTES, MAX_VALUE_BYTES, PayloadTooLargeError, ValidationError, findUnstorable, parseJsonText, sameJsonValue, stringifyJson, utf8Length } from '@config-service/core';

/*
 * The contract's rules for what may be stored, applied before anything is written so every
 * store (and the MSW mock) gives the same answer: size limits, and nothing a store cannot hold
 * exactly. Returns the JSON text to keep; throws 400 or 413.
 */

function encode(what: 'value' | 'metadata', data: unknown, maxBytes: number): string {
  const problems = findUnstorable(data, `/${what}`);
  if (problems.length > 0) throw new ValidationError(`${what} cannot be stored: ${problems[0]?.message}`, { errors: problems });
  const text = stringifyJson(data);
  const size = utf8Length(text);
  if (size > maxBytes) throw new PayloadTooLargeError(`the ${what} is ${size} bytes encoded; at most ${maxBytes} are allowed`);
  return text;
}

export function encodeValue(value: unknown): string {
  return encode('value', value, MAX_VALUE_BYTES);
}

export function encodeMetadata(metadata: Record<string, unknown> | null): string | null {
  return metadata === null ? null : encode('metadata', metadata, MAX_METADATA_BYTES);
}

/**
 * Whether two stored JSON texts hold the same data, key order ignored: a PUT that changes
 * nothing makes no new version. null (no metadata) equals only null. Both texts are parsed,
 * never a caller's value: that may be any JavaScript value (a Date, a bigint, a function), and
 * only its JSON text says what is stored.
 */
export function sameJson(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || sameJsonValue(parseJsonText(a), parseJsonText(b));
}

/** What a write asks to store; the same for the server and the mock. */
export interface WriteInput {
  /** A parsed JSON value; numbers may be lossless-json `LosslessNumber`s. */
  value: unknown;
  /** undefined: keep the current metadata (null on create); null clears it. */
  metadata?: Record<string, unknown> | null;
  /** undefined: keep the current flag (false on create). */
  secret?: boolean;
}

import {
  MAX_METADATA_BYTES,
  MAX_VALUE_BYTES,
  PayloadTooLargeError,
  ValidationError,
  findUnstorable,
  stringifyJson,
  utf8Length,
} from '@config-service/core';

/*
 * What may be stored, checked before anything changes: the same rules and messages as the
 * server's, built from the same core helpers, so the mock refuses exactly what a store refuses
 * (NUL, lone surrogates, out-of-range numbers, deep nesting: 400; past the size limits: 413).
 */

/** The JSON text to keep for a value; throws 400 or 413. */
export function encodeValue(value: unknown): string {
  const problems = findUnstorable(value, '/value');
  if (problems.length > 0) throw new ValidationError(`value cannot be stored: ${problems[0]?.message}`, { errors: problems });
  const text = stringifyJson(value);
  const size = utf8Length(text);
  if (size > MAX_VALUE_BYTES) {
    throw new PayloadTooLargeError(`the value is ${size} bytes encoded; at most ${MAX_VALUE_BYTES} are allowed`);
  }
  return text;
}

/** The JSON text to keep for metadata (null stays null); throws 400 or 413. */
export function encodeMetadata(metadata: Record<string, unknown> | null): string | null {
  if (metadata === null) return null;
  const problems = findUnstorable(metadata, '/metadata');
  if (problems.length > 0) throw new ValidationError(`metadata cannot be stored: ${problems[0]?.message}`, { errors: problems });
  const text = stringifyJson(metadata);
  const size = utf8Length(text);
  if (size > MAX_METADATA_BYTES) {
    throw new PayloadTooLargeError(`the metadata is ${size} bytes encoded; at most ${MAX_METADATA_BYTES} are allowed`);
  }
  return text;
}

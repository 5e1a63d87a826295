import {
  MAX_METADATA_BYTES,
  MAX_VALUE_BYTES,
  PayloadTooLargeError,
  ValidationError,
  findUnstorable,
  stringifyJson,
  utf8Length,
} from '@config-service/core';

/**
 * The contract's rules for what may be stored, applied before anything is written so every
 * store gives the same answer: size limits, and nothing a store cannot hold exactly.
 */
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

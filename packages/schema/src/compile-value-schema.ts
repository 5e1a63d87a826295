import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { PayloadTooLargeError, ValidationError, utf8Length } from '@config-service/core';
import { issuesFromAjv } from './ajv-issues';
import { linearRegExp } from './linear-regexp';
import { MAX_SCHEMA_BYTES, findUnsafeKeywords } from './schema-safety';
import type { SchemaIssue } from './schema-issue';

/** A schema compiled once, ready to check any number of values. */
export interface ValueSchema {
  /**
   * The reasons `value` (plain JSON, as `JSON.parse` gives it) fails the schema, each a JSON
   * Pointer under `at` (where the value sits in the request body); empty when it passes.
   */
  check(value: unknown, at?: string): SchemaIssue[];
}

let shared: Ajv2020 | undefined;

/**
 * One ajv for every compilation: its meta-schema is compiled once. Compiled schemas are not
 * kept in it (`addUsedSchema: false`, and removed after compiling), so one user's `$id` can
 * never be the target of another user's `$ref`, and its memory does not grow with schemas.
 * Unknown keywords and formats are annotations, as 2020-12 says, so `strict` is off.
 */
function ajv(): Ajv2020 {
  if (!shared) {
    shared = new Ajv2020({ allErrors: true, strict: false, addUsedSchema: false, logger: false, code: { regExp: linearRegExp } });
    addFormats.default(shared);
  }
  return shared;
}

/**
 * Compiles a key's JSON Schema (draft 2020-12) from its JSON text, or throws the contract's
 * error: 413 beyond 64 KiB, 400 with `errors[]` (pointers into the schema) when it is not a
 * valid schema, has a `$ref` that does not resolve inside the document (nothing is ever
 * fetched), a pattern RE2 cannot run, or a keyword too slow to run on a large value.
 *
 * @example
 * const retries = compileValueSchema('{"type":"object","properties":{"retries":{"type":"integer"}}}');
 * retries.check({ retries: 'three' }, '/value'); // [{ path: '/value/retries', message: 'must be integer' }]
 */
export function compileValueSchema(schemaJson: string): ValueSchema {
  if (utf8Length(schemaJson) > MAX_SCHEMA_BYTES) {
    throw new PayloadTooLargeError(`a schema is at most ${MAX_SCHEMA_BYTES} bytes of JSON`);
  }
  const schema: unknown = JSON.parse(schemaJson);
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null || Array.isArray(schema))) {
    throw refused('a JSON Schema is an object or a boolean', [{ path: '', message: 'must be an object or a boolean' }]);
  }
  const unsafe = findUnsafeKeywords(schema);
  if (unsafe.length > 0) throw refused(`the schema is too slow to check values with: ${unsafe[0]!.message}`, unsafe);
  const validate = compileWithAjv(schema as object | boolean);
  return {
    check(value, at = '') {
      return validate(value) ? [] : issuesFromAjv(validate.errors, at);
    },
  };
}

function compileWithAjv(schema: object | boolean): ValidateFunction {
  const instance = ajv();
  if (!instance.validateSchema(schema)) {
    const issues = (instance.errors ?? []).map((error) => ({ path: error.instancePath, message: error.message ?? `fails "${error.keyword}"` }));
    throw refused(`not a valid JSON Schema (draft 2020-12): ${issues[0]?.path || '/'} ${issues[0]?.message ?? ''}`.trim(), issues);
  }
  try {
    return instance.compile(schema);
  } catch (error) {
    throw refused(compileFailure(error), [], error);
  } finally {
    if (typeof schema === 'object') instance.removeSchema(schema);
  }
}

function compileFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && 'missingRef' in error) {
    return `$ref "${String((error as { missingRef: unknown }).missingRef)}" does not resolve inside the schema; references are never fetched`;
  }
  if (/regexp|regular expression|pattern|parse/i.test(message)) return `a pattern cannot run on RE2 (linear-time matching): ${message}`;
  return `the schema cannot be compiled: ${message}`;
}

function refused(message: string, issues: SchemaIssue[], cause?: unknown): ValidationError {
  return new ValidationError(message, { errors: issues.length > 0 ? issues : [{ path: '', message }], ...(cause === undefined ? {} : { cause }) });
}

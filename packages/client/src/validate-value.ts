import type { StandardSchemaV1 } from '@standard-schema/spec';
import { ValidationError } from '@config-service/core';

/**
 * Checks a value with a Standard Schema validator (zod, valibot, arktype, ...) and returns
 * its output, or throws a ValidationError naming the key and every issue.
 */
export function validateValue<S extends StandardSchemaV1>(schema: S, value: unknown, where: string): StandardSchemaV1.InferOutput<S> {
  const result = schema['~standard'].validate(value);
  if (result instanceof Promise) {
    throw new ValidationError(`the schema for ${where} validates asynchronously; reads are synchronous, so use a synchronous schema`);
  }
  if (result.issues === undefined) return result.value as StandardSchemaV1.InferOutput<S>;
  const errors = result.issues.map((issue) => ({ path: issuePath(issue), message: issue.message }));
  const summary = errors.map((error) => (error.path ? `${error.path}: ${error.message}` : error.message)).join('; ');
  throw new ValidationError(`the value of ${where} does not match its schema: ${summary}`, { errors });
}

function issuePath(issue: StandardSchemaV1.Issue): string {
  if (!issue.path || issue.path.length === 0) return '';
  return issue.path.map((segment) => String(typeof segment === 'object' ? segment.key : segment)).join('.');
}

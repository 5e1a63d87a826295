import type { ErrorObject } from 'ajv';
import { MAX_REPORTED_ISSUES, pointerToken, type SchemaIssue } from './schema-issue';

/**
 * ajv's errors as the contract's `errors[]`: each `path` a JSON Pointer into the request body
 * (`at` is where the value sits in it, e.g. `/value`). A missing or unexpected property is
 * pointed at itself rather than at its parent object, which is where the user has to act.
 */
export function issuesFromAjv(errors: readonly ErrorObject[] | null | undefined, at: string): SchemaIssue[] {
  if (!errors) return [];
  return errors.slice(0, MAX_REPORTED_ISSUES).map((error) => {
    const path = `${at}${error.instancePath}`;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params.missingProperty === 'string') {
      return { path: `${path}/${pointerToken(params.missingProperty)}`, message: 'is required' };
    }
    if (error.keyword === 'additionalProperties' && typeof params.additionalProperty === 'string') {
      return { path: `${path}/${pointerToken(params.additionalProperty)}`, message: 'is not allowed by the schema (additionalProperties)' };
    }
    if (error.keyword === 'unevaluatedProperties' && typeof params.unevaluatedProperty === 'string') {
      return { path: `${path}/${pointerToken(params.unevaluatedProperty)}`, message: 'is not allowed by the schema (unevaluatedProperties)' };
    }
    return { path, message: error.message ?? `fails "${error.keyword}"` };
  });
}

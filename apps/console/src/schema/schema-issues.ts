import { Validator, type OutputUnit } from '@cfworker/json-schema';
import type { SchemaIssue } from './schema-issue';

// Applicators: their failure only says that a subschema failed, and the subschema's own errors
// (reported too, since the validator runs without short-circuit) say where and why.
const WRAPPERS = new Set([
  'properties',
  'patternProperties',
  'additionalProperties',
  'items',
  'prefixItems',
  'additionalItems',
  'unevaluatedProperties',
  'unevaluatedItems',
  'dependentSchemas',
  'allOf',
  '$ref',
  '$dynamicRef',
  '$recursiveRef',
]);

const validators = new WeakMap<object, Validator>();

function validatorFor(schema: object | boolean): Validator {
  if (typeof schema === 'boolean') return new Validator(schema, '2020-12', false);
  let found = validators.get(schema);
  if (!found) validators.set(schema, (found = new Validator(schema, '2020-12', false)));
  return found;
}

/** `#/a%20b/0` as the validator writes it → `/a b/0`. */
function pointerOf(instanceLocation: string): string {
  return decodeURIComponent(instanceLocation.replace(/^#/, ''));
}

function issueOf(unit: OutputUnit): SchemaIssue {
  // A `false` schema: what additionalProperties/unevaluatedProperties: false becomes.
  if (unit.keyword === 'false') return { path: pointerOf(unit.instanceLocation), message: 'Not allowed by the schema.', property: true };
  return { path: pointerOf(unit.instanceLocation), message: unit.error, property: false };
}

/**
 * Where and why `value` breaks the key's JSON Schema (draft 2020-12, as the server checks it);
 * empty when it conforms. The server stays the authority: this is the early warning in the
 * editor and the reason Save is refused before any request. @cfworker/json-schema interprets
 * the schema (no generated code), so it runs under the console's CSP, which has no
 * 'unsafe-eval' for ajv's compiled validators.
 */
export function schemaIssues(schema: unknown, value: unknown): SchemaIssue[] {
  if (typeof schema !== 'boolean' && (typeof schema !== 'object' || schema === null)) return [];
  const result = validatorFor(schema).validate(value);
  if (result.valid) return [];
  const leaves = result.errors.filter((unit) => !WRAPPERS.has(unit.keyword));
  const issues = (leaves.length > 0 ? leaves : result.errors).map(issueOf);
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const id = `${issue.path}\n${issue.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

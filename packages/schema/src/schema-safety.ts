import { pointerToken, type SchemaIssue } from './schema-issue';

/** A stored schema is at most this many bytes of UTF-8 JSON (the contract's 64 KiB). */
export const MAX_SCHEMA_BYTES = 64 * 1024;

/** The largest `maxItems` under which a pairwise `uniqueItems` check stays cheap. */
export const MAX_PAIRWISE_UNIQUE_ITEMS = 1000;

const SCALAR_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null']);

/**
 * What makes a valid schema too slow to run on a value of up to 1 MiB, found before it is
 * stored. Patterns need no check here (they run on RE2, see linear-regexp.ts). ajv checks
 * `uniqueItems` with a hash when the items are declared scalar, and pairwise (quadratic)
 * otherwise, so that case needs a `maxItems` bound: the rule of ajv's own
 * `json-schema-secure.json`, made stricter by not trusting an absent item type.
 */
export function findUnsafeKeywords(schema: unknown): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  walk(schema, '', issues);
  return issues;
}

/** Keywords whose values are data, not subschemas: a `uniqueItems` inside them means nothing. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);
/** Keywords whose members are named by the user: a property may be called `const`. */
const NAME_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);

// Every object in the schema is looked at, not only those under known applicators, so a new
// or misspelt applicator cannot hide a subschema from the check.
function walk(node: unknown, pointer: string, issues: SchemaIssue[], namesOnly = false): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    node.forEach((item, index) => walk(item, `${pointer}/${index}`, issues));
    return;
  }
  const schema = node as Record<string, unknown>;
  if (schema.uniqueItems === true && !hashableItems(schema.items)) {
    const bound = typeof schema.maxItems === 'number' ? schema.maxItems : Infinity;
    if (bound > MAX_PAIRWISE_UNIQUE_ITEMS) {
      issues.push({
        path: `${pointer}/uniqueItems`,
        message: `uniqueItems on items that are not declared scalar needs "maxItems" of at most ${MAX_PAIRWISE_UNIQUE_ITEMS} (they are compared pairwise)`,
      });
    }
  }
  for (const [name, child] of Object.entries(schema)) {
    if (namesOnly || !DATA_KEYWORDS.has(name)) walk(child, `${pointer}/${pointerToken(name)}`, issues, !namesOnly && NAME_MAPS.has(name));
  }
}

function hashableItems(items: unknown): boolean {
  if (typeof items !== 'object' || items === null) return false;
  const type = (items as { type?: unknown }).type;
  const types = Array.isArray(type) ? type : [type];
  return types.length > 0 && types.every((t) => typeof t === 'string' && SCALAR_TYPES.has(t));
}

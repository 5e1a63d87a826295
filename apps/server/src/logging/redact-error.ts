import { stdSerializers } from 'pino';

// Fields drivers attach that repeat the statement or the values bound to it (knex: sql,
// bindings; pg: detail "Key (key)=(…)", where, internalQuery; MikroORM copies them all).
const VALUE_FIELDS = new Set(['sql', 'bindings', 'params', 'parameters', 'query', 'detail', 'where', 'internalQuery', 'hint', 'value', 'values']);
// knex prefixes a driver error with the statement, values inlined: "<statement> - <reason>".
const STATEMENT = /\b(insert\s+into|update\s+\S+\s+set|delete\s+from|select\s[\s\S]*?\sfrom|with\s+\S+\s+as)\b[\s\S]*? - /gi;
// Whatever else looks like a quoted literal.
const QUOTED = /'(?:[^']|'')*'/g;

function scrub(text: string): string {
  return text.replace(STATEMENT, '[statement redacted] - ').replace(QUOTED, "'[redacted]'");
}

function redact(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return scrub(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] = VALUE_FIELDS.has(name) ? '[redacted]' : redact(field, depth + 1);
  }
  return out;
}

/**
 * pino's error serializer, then every statement and value a driver put in the error taken out:
 * a database error mid-transaction would otherwise log the SQL with the config values bound to it.
 */
export function redactedError(error: unknown): unknown {
  return redact(error instanceof Error ? stdSerializers.err(error) : error, 0);
}

import { RE2JS } from 're2js';
import type { RegExpEngine } from 'ajv/dist/types/index.js';

/**
 * ajv's regular-expression engine for `pattern` and `patternProperties`: RE2 (its pure-JS
 * port), which matches in time linear in the input whatever the pattern, so a schema written
 * by one user cannot stall the process that checks another user's write (ReDoS). Patterns RE2
 * cannot run (lookahead, backreferences) fail to compile, which refuses the schema with 400.
 * ajv's `u` flag needs no counterpart: RE2 matches Unicode code points already.
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string) => {
    const compiled = RE2JS.compile(pattern);
    // ajv caches compiled patterns in a scope shared by every schema, keyed by `toString()`:
    // without a distinct one, every pattern would answer with the first one compiled.
    return { test: (input: string) => compiled.test(input), toString: () => `re2:${pattern}` };
  },
  // Only ajv's standalone code generation reads this; nothing here generates standalone code.
  { code: 'linearRegExp' },
);

import { RE2JS } from 're2js';
import type { RegExpEngine } from 'ajv/dist/types/index.js';
import { isBacktrackFree } from './backtrack-free-pattern';

/**
 * ajv's regular-expression engine for `pattern` and `patternProperties`: every pattern must be
 * one RE2 accepts (no lookaround, no backreferences; otherwise the schema is refused with 400),
 * and runs in time linear in the input, so a schema written by one user cannot stall the
 * process that checks another user's write (ReDoS). Patterns of a shape a backtracking engine
 * cannot blow up on (backtrack-free-pattern.ts) run on the platform's RegExp, ~100x faster than
 * RE2JS; all others on RE2JS (pure JS, so the same in the server, the mock and browsers).
 */
export const linearRegExp: RegExpEngine = Object.assign(
  (pattern: string, flags: string) => {
    const re2 = RE2JS.compile(pattern);
    const native = isBacktrackFree(pattern) ? nativeOrNull(pattern, flags) : null;
    const test = native ? (input: string) => native.test(input) : (input: string) => re2.test(input);
    // ajv caches compiled patterns in a scope shared by every schema, keyed by `toString()`:
    // without a distinct one, every pattern would answer with the first one compiled.
    return { test, toString: () => `linear:${pattern}` };
  },
  // Only ajv's standalone code generation reads this; nothing here generates standalone code.
  { code: 'linearRegExp' },
);

function nativeOrNull(pattern: string, flags: string): RegExp | null {
  try {
    return new RegExp(pattern, flags);
  } catch {
    return null;
  }
}

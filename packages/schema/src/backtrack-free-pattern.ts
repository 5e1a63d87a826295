/*
 * Which patterns may run on the platform's own (backtracking) RegExp engine at native speed
 * with no risk of catastrophic time: RE2JS costs ~10 µs per test, which a schema with many
 * patterns pays on every write. A backtracking engine is slow only when it can try many ways
 * to match the same input; this admits the shape where it cannot: anchored at the start (`^`),
 * no groups or alternation, and at most one repetition of variable length (`*`, `+`, `?`,
 * `{m,n}`), applied to a single character or class. Then the engine tries at most one split per
 * input length, each checked in time bounded by the pattern: linear in the input. Everything
 * else runs on RE2. Sound, not complete: a pattern refused here is merely slower, never unsafe.
 */

const SIMPLE_ESCAPE = /^\\(?:[dDwWsS.\\^$|?*+()[\]{}/-]|[tnrfv0]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4})/;

/** True when `pattern` can only match in time linear in the input on a backtracking engine. */
export function isBacktrackFree(pattern: string): boolean {
  if (!pattern.startsWith('^')) return false;
  let variable = 0;
  let i = 1;
  while (i < pattern.length) {
    const atom = atomLength(pattern, i);
    if (atom === 0) {
      // Only a final `$` may stand where an atom would.
      return pattern[i] === '$' && i === pattern.length - 1;
    }
    i += atom;
    const quantifier = quantifierAt(pattern, i);
    if (quantifier === null) return false;
    if (quantifier.variable) variable += 1;
    if (variable > 1) return false;
    i += quantifier.length;
  }
  return true;
}

/** The length of the atom at `i` (a character, an escape, a class, `.`), 0 if none is there. */
function atomLength(pattern: string, i: number): number {
  const c = pattern[i]!;
  if (c === '\\') return SIMPLE_ESCAPE.exec(pattern.slice(i))?.[0].length ?? 0;
  if (c === '[') {
    for (let j = i + 1; j < pattern.length; j += 1) {
      if (pattern[j] === '\\') j += 1;
      else if (pattern[j] === '[') return 0;
      else if (pattern[j] === ']' && j > i + 1) return j - i + 1;
    }
    return 0;
  }
  return '()|^$*+?{}]'.includes(c) ? 0 : 1;
}

/** The quantifier at `i` (possibly none), or null for one that is malformed or lazy/possessive. */
function quantifierAt(pattern: string, i: number): { length: number; variable: boolean } | null {
  const c = pattern[i];
  let length = 0;
  let variable = false;
  if (c === '*' || c === '+' || c === '?') {
    length = 1;
    variable = true;
  } else if (c === '{') {
    const braces = /^\{(\d{1,4})(,(\d{0,4}))?\}/.exec(pattern.slice(i));
    if (!braces) return null;
    length = braces[0].length;
    variable = braces[2] !== undefined && braces[3] !== braces[1];
  }
  const next = pattern[i + length];
  if (length > 0 && (next === '?' || next === '+' || next === '*' || next === '{')) return null;
  return { length, variable };
}

import { isLosslessNumber } from 'lossless-json';
import type { ProblemFieldError } from '../wire/problem';

/** Arrays and objects nested deeper than this are refused: every store must hold what it accepts, and deep trees do not fit all. */
export const MAX_JSON_DEPTH = 100;
/**
 * PostgreSQL's numeric refuses exponents past ±1000 and keeps at most 16383 fraction digits;
 * the same bound applies on every store so a value never works on one and fails on another.
 */
const MAX_EXPONENT = 1000;
const MAX_FRACTION_DIGITS = 16383;

// A NUL or a lone surrogate cannot be stored in PostgreSQL's jsonb (nor round-trip as UTF-8).
// eslint-disable-next-line no-control-regex
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Lists why a parsed JSON value cannot be stored the same way on every store: NUL characters,
 * lone surrogates, numbers out of range, nesting deeper than MAX_JSON_DEPTH.
 */
export function findUnstorable(value: unknown, path = ''): ProblemFieldError[] {
  const problems: ProblemFieldError[] = [];
  walk(value, path, 0, problems);
  return problems;
}

function walk(value: unknown, path: string, depth: number, out: ProblemFieldError[]): void {
  if (out.length >= 10) return;
  if (depth >= MAX_JSON_DEPTH && value !== null && typeof value === 'object' && !isLosslessNumber(value)) {
    out.push({ path, message: `nesting deeper than ${MAX_JSON_DEPTH} levels is not allowed` });
    return;
  }
  if (typeof value === 'string') {
    if (UNSTORABLE_TEXT.test(value)) out.push({ path, message: textProblem(value) });
    return;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push({ path, message: 'numbers must be finite' });
    return;
  }
  if (isLosslessNumber(value)) {
    const reason = numberProblem(value.value);
    if (reason) out.push({ path, message: reason });
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}/${index}`, depth + 1, out));
    return;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const itemPath = `${path}/${escapePointer(key)}`;
      if (UNSTORABLE_TEXT.test(key)) out.push({ path: itemPath, message: `object key: ${textProblem(key)}` });
      walk(item, itemPath, depth + 1, out);
    }
  }
}

function textProblem(text: string): string {
  return text.includes('\u0000')
    ? 'the character U+0000 cannot be stored'
    : 'a lone UTF-16 surrogate is not a Unicode character and cannot be stored';
}

function numberProblem(literal: string): string | undefined {
  const match = /^-?(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/.exec(literal);
  if (!match) return `"${literal}" is not a JSON number`;
  const fraction = match[2] ?? '';
  const exponent = Number(match[3] ?? '0');
  if (Math.abs(exponent) > MAX_EXPONENT) return `the exponent of ${literal.slice(0, 40)} is beyond ±${MAX_EXPONENT}`;
  if (fraction.length - exponent > MAX_FRACTION_DIGITS) return `a number may have at most ${MAX_FRACTION_DIGITS} digits after the point`;
  return undefined;
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

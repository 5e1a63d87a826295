/** One reason a value or a schema was refused: `path` is a JSON Pointer (RFC 6901). */
export interface SchemaIssue {
  path: string;
  message: string;
}

/** At most this many issues are reported for one value: enough to fix it, bounded in size. */
export const MAX_REPORTED_ISSUES = 20;

/** `token` escaped for use in a JSON Pointer. */
export function pointerToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

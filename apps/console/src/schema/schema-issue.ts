/** One reason a value fails its key's schema; `path` is a JSON Pointer (RFC 6901) into the value. */
export interface SchemaIssue {
  path: string;
  message: string;
  /** The property itself is not allowed (mark its name, not its value). */
  property: boolean;
}

/** `/retries: Instance type …` lines, for a message a person reads. */
export function describeIssues(issues: readonly SchemaIssue[]): string {
  return issues.map((issue) => `${issue.path || '(the whole value)'}: ${issue.message}`).join('; ');
}

import { ERROR_STATUS, ERROR_TITLES, problemType, type ErrorCode } from './error-codes';
import type { Problem, ProblemFieldError } from '../wire/problem';

export interface ConfigServiceErrorOptions {
  cause?: unknown;
  errors?: ProblemFieldError[];
  requestId?: string;
  /** Extra members that go into the problem body as they are (e.g. `current_version`). */
  extensions?: Record<string, unknown>;
}

/**
 * The base of every error the project throws on purpose. `code` is the contract's
 * problem code and fixes `status`; subclasses exist so callers can `instanceof` them.
 */
export class ConfigServiceError extends Error {
  override readonly name: string = 'ConfigServiceError';
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: ProblemFieldError[] | undefined;
  readonly requestId: string | undefined;
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: ConfigServiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.errors = options.errors;
    this.requestId = options.requestId;
    this.extensions = options.extensions ?? {};
  }

  /** The RFC 9457 body for this error. */
  toProblem(requestId?: string): Problem {
    const problem: Problem = {
      ...this.extensions,
      type: problemType(this.code),
      title: ERROR_TITLES[this.code],
      status: this.status,
      detail: this.message,
      code: this.code,
      request_id: requestId ?? this.requestId ?? '',
    };
    if (this.errors && this.errors.length > 0) problem.errors = this.errors;
    return problem;
  }
}

/**
 * True for any ConfigServiceError, also one made by another copy of this package
 * (two copies in node_modules break `instanceof`, so the name is checked too).
 */
export function isConfigServiceError(error: unknown): error is ConfigServiceError {
  if (error instanceof ConfigServiceError) return true;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { status?: unknown }).status === 'number' &&
    /Error$/.test(String((error as { name?: unknown }).name)) &&
    typeof (error as { toProblem?: unknown }).toProblem === 'function'
  );
}

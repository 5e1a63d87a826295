import { ConfigServiceError, type ConfigServiceErrorOptions } from './config-service-error';
import { isErrorCode, type ErrorCode } from './error-codes';
import type { Problem } from '../wire/problem';

/** 400: a body, name, header or query parameter breaks the contract. */
export class ValidationError extends ConfigServiceError {
  override readonly name = 'ValidationError';
  constructor(message: string, options?: ConfigServiceErrorOptions) {
    super('validation_failed', message, options);
  }
}

/** 401: no credential, or one that is unknown, expired or revoked. */
export class UnauthorizedError extends ConfigServiceError {
  override readonly name = 'UnauthorizedError';
  constructor(message = 'a valid API key or access token is required', options?: ConfigServiceErrorOptions) {
    super('unauthorized', message, options);
  }
}

/** 403: the credential is valid but its roles or namespaces do not allow this. */
export class ForbiddenError extends ConfigServiceError {
  override readonly name = 'ForbiddenError';
  constructor(message: string, options?: ConfigServiceErrorOptions) {
    super('forbidden', message, options);
  }
}

export class NotFoundError extends ConfigServiceError {
  override readonly name = 'NotFoundError';
  constructor(message: string, options?: ConfigServiceErrorOptions) {
    super('not_found', message, options);
  }
}

/** 409: create of a key that exists. */
export class AlreadyExistsError extends ConfigServiceError {
  override readonly name = 'AlreadyExistsError';
  constructor(message: string, options?: ConfigServiceErrorOptions) {
    super('already_exists', message, options);
  }
}

/** 409: the request conflicts with the state (e.g. rollback to a deleted version). */
export class ConflictError extends ConfigServiceError {
  override readonly name = 'ConflictError';
  constructor(message: string, options?: ConfigServiceErrorOptions) {
    super('conflict', message, options);
  }
}

/** 412: an `If-Match` / `If-None-Match` precondition failed. */
export class VersionConflictError extends ConfigServiceError {
  override readonly name = 'VersionConflictError';
  readonly currentVersion: number | null;
  constructor(message: string, currentVersion: number | null, options?: ConfigServiceErrorOptions) {
    super('version_conflict', message, {
      ...options,
      extensions: { ...options?.extensions, current_version: currentVersion },
    });
    this.currentVersion = currentVersion;
  }
}

export class PayloadTooLargeError extends ConfigServiceError {
  override readonly name = 'PayloadTooLargeError';
  constructor(message: string, options?: ConfigServiceErrorOptions) {
    super('payload_too_large', message, options);
  }
}

export class UnsupportedMediaTypeError extends ConfigServiceError {
  override readonly name = 'UnsupportedMediaTypeError';
  constructor(message: string, options?: ConfigServiceErrorOptions) {
    super('unsupported_media_type', message, options);
  }
}

export class RateLimitedError extends ConfigServiceError {
  override readonly name = 'RateLimitedError';
  /** Seconds to wait, from `Retry-After`. */
  readonly retryAfter: number | undefined;
  constructor(message: string, retryAfter?: number, options?: ConfigServiceErrorOptions) {
    super('rate_limited', message, options);
    this.retryAfter = retryAfter;
  }
}

export class InternalError extends ConfigServiceError {
  override readonly name = 'InternalError';
  constructor(message = 'internal error', options?: ConfigServiceErrorOptions) {
    super('internal', message, options);
  }
}

/** 503: a dependency (the database) cannot be reached. */
export class UnavailableError extends ConfigServiceError {
  override readonly name = 'UnavailableError';
  constructor(message: string, options?: ConfigServiceErrorOptions) {
    super('unavailable', message, options);
  }
}

type ErrorFactory = (message: string, options: ConfigServiceErrorOptions, problem: Partial<Problem>) => ConfigServiceError;

const FACTORIES: Record<ErrorCode, ErrorFactory> = {
  validation_failed: (m, o) => new ValidationError(m, o),
  unauthorized: (m, o) => new UnauthorizedError(m, o),
  forbidden: (m, o) => new ForbiddenError(m, o),
  not_found: (m, o) => new NotFoundError(m, o),
  already_exists: (m, o) => new AlreadyExistsError(m, o),
  conflict: (m, o) => new ConflictError(m, o),
  version_conflict: (m, o, p) => {
    const current = (p as { current_version?: unknown }).current_version;
    return new VersionConflictError(m, typeof current === 'number' ? current : null, o);
  },
  payload_too_large: (m, o) => new PayloadTooLargeError(m, o),
  unsupported_media_type: (m, o) => new UnsupportedMediaTypeError(m, o),
  rate_limited: (m, o) => new RateLimitedError(m, undefined, o),
  internal: (m, o) => new InternalError(m, o),
  unavailable: (m, o) => new UnavailableError(m, o),
};

/**
 * Rebuilds the typed error from a problem+json body (as an SDK receives it).
 * @example
 * if (!res.ok) throw fromProblem(await res.json(), res.status);
 */
export function fromProblem(body: unknown, status?: number): ConfigServiceError {
  const problem = (typeof body === 'object' && body !== null ? body : {}) as Partial<Problem>;
  const code: ErrorCode = isErrorCode(problem.code) ? problem.code : codeForStatus(status);
  const message = typeof problem.detail === 'string' ? problem.detail : `request failed with status ${status ?? 'unknown'}`;
  const options: ConfigServiceErrorOptions = {};
  if (Array.isArray(problem.errors)) options.errors = problem.errors;
  if (typeof problem.request_id === 'string') options.requestId = problem.request_id;
  return FACTORIES[code](message, options, problem);
}

function codeForStatus(status: number | undefined): ErrorCode {
  switch (status) {
    case 400: return 'validation_failed';
    case 401: return 'unauthorized';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 409: return 'conflict';
    case 412: return 'version_conflict';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    case 429: return 'rate_limited';
    case 503: return 'unavailable';
    default: return 'internal';
  }
}

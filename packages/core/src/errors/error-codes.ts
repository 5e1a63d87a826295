/** Every problem code of the contract with its HTTP status: the one table both ends read. */
export const ERROR_STATUS = {
  validation_failed: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  already_exists: 409,
  conflict: 409,
  version_conflict: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLES: Record<ErrorCode, string> = {
  validation_failed: 'Validation failed',
  unauthorized: 'Unauthorized',
  forbidden: 'Forbidden',
  not_found: 'Not found',
  already_exists: 'Already exists',
  conflict: 'Conflict',
  version_conflict: 'Version conflict',
  payload_too_large: 'Payload too large',
  unsupported_media_type: 'Unsupported media type',
  rate_limited: 'Too many requests',
  internal: 'Internal error',
  unavailable: 'Service unavailable',
};

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** The `WWW-Authenticate` challenge every 401 carries: the two credentials the API takes. */
export const WWW_AUTHENTICATE = 'Bearer realm="config-service", ApiKey realm="config-service" header="X-API-Key"';

/** The problem `type` URI for a code. */
export function problemType(code: ErrorCode): string {
  return `urn:config-service:problem:${code}`;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_STATUS, value);
}

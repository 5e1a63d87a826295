import { InternalError, PROBLEM_CONTENT_TYPE, WWW_AUTHENTICATE, isConfigServiceError, type ConfigServiceError } from '@config-service/core';

/** Any thrown value as a contract error: an unexpected one is a 500 `internal`, never a crash of the test. */
export function toConfigServiceError(error: unknown): ConfigServiceError {
  if (isConfigServiceError(error)) return error;
  return new InternalError('internal error in the config-service mock', { cause: error });
}

/** The one place an error becomes a response: RFC 9457 problem+json with the contract's code. */
export function problemResponse(error: unknown, requestId: string): Response {
  const problem = toConfigServiceError(error);
  const headers = new Headers({ 'Content-Type': PROBLEM_CONTENT_TYPE });
  if (problem.code === 'unauthorized') headers.set('WWW-Authenticate', WWW_AUTHENTICATE);
  // No Retry-After: the mock has no rate limit, so it never answers 429.
  return new Response(JSON.stringify(problem.toProblem(requestId)), { status: problem.status, headers });
}

/** A JSON response from text already serialised. */
export function jsonResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
}

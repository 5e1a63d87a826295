import { InternalError, PROBLEM_CONTENT_TYPE, isConfigServiceError, type ConfigServiceError } from '@config-service/core';

/** The header a 401 carries, the same as the server's. */
export const WWW_AUTHENTICATE = 'Bearer realm="config-service", ApiKey realm="config-service" header="X-API-Key"';

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
  if (problem.code === 'rate_limited') {
    headers.set('Retry-After', String((problem as { retryAfter?: number }).retryAfter ?? 1));
  }
  return new Response(JSON.stringify(problem.toProblem(requestId)), { status: problem.status, headers });
}

/** A JSON response from text already serialised. */
export function jsonResponse(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers } });
}

import { expect } from 'vitest';
import type { HttpResult } from './http-client';

/**
 * The contract's error codes and their HTTP statuses, written out from shared/API.md
 * ("Errors") rather than imported from core, which the server itself uses: a wrong status
 * there must fail here.
 */
export const CONTRACT_ERROR_STATUS: Readonly<Record<string, number>> = {
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
};

/** Asserts an RFC 9457 problem response with the contract's code and matching status. */
export function expectProblem(result: HttpResult, status: number, code?: string): void {
  expect(result.status, result.text).toBe(status);
  expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expectValidProblemBody(result);
  if (code) expect(result.json.code).toBe(code);
}

/** Every member the contract requires, of the right type, and `code` consistent with `status`. */
export function expectValidProblemBody(result: HttpResult): void {
  const body = result.json;
  expect(body, `not JSON: ${result.text.slice(0, 200)}`).toBeTypeOf('object');
  expect(typeof body.type).toBe('string');
  expect(typeof body.title).toBe('string');
  expect(body.status).toBe(result.status);
  expect(typeof body.detail).toBe('string');
  expect(typeof body.request_id).toBe('string');
  expect(body.request_id.length).toBeGreaterThan(0);
  expect(Object.keys(CONTRACT_ERROR_STATUS)).toContain(body.code);
  expect(CONTRACT_ERROR_STATUS[body.code as string]).toBe(result.status);
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const error of body.errors) {
      expect(typeof error.path).toBe('string');
      expect(typeof error.message).toBe('string');
    }
  }
}

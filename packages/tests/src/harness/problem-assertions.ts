import { expect } from 'vitest';
import { ERROR_STATUS } from '@config-service/core';
import type { HttpResult } from './http-client';

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
  expect(Object.keys(ERROR_STATUS)).toContain(body.code);
  expect(ERROR_STATUS[body.code as keyof typeof ERROR_STATUS]).toBe(result.status);
  if (body.errors !== undefined) {
    expect(Array.isArray(body.errors)).toBe(true);
    for (const error of body.errors) {
      expect(typeof error.path).toBe('string');
      expect(typeof error.message).toBe('string');
    }
  }
}

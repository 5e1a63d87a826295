import { describe, expect, it } from 'vitest';
import { ERROR_STATUS, type ErrorCode } from './error-codes';
import { ConfigServiceError, isConfigServiceError } from './config-service-error';
import { NotFoundError, VersionConflictError, ValidationError, fromProblem } from './errors';

describe('typed errors', () => {
  it('rebuilds the typed error of every code from its problem body', () => {
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
      const original = new ConfigServiceError(code, `a ${code}`);
      const rebuilt = fromProblem(original.toProblem('req-1'));
      expect(rebuilt.code).toBe(code);
      expect(rebuilt.status).toBe(ERROR_STATUS[code]);
      expect(rebuilt.message).toBe(`a ${code}`);
      expect(rebuilt.requestId).toBe('req-1');
      expect(rebuilt.name).not.toBe('ConfigServiceError');
      expect(isConfigServiceError(rebuilt)).toBe(true);
    }
  });

  it('carries current_version through a version conflict and field errors through validation', () => {
    const problem = new VersionConflictError('stale', 7).toProblem('r');
    expect(problem.current_version).toBe(7);
    expect((fromProblem(problem) as VersionConflictError).currentVersion).toBe(7);
    const validation = fromProblem(new ValidationError('bad', { errors: [{ path: 'body.value', message: 'is required' }] }).toProblem('r'));
    expect(validation.errors).toEqual([{ path: 'body.value', message: 'is required' }]);
  });

  it('falls back on the HTTP status when the body is not a problem', () => {
    expect(fromProblem('<html>', 404)).toBeInstanceOf(NotFoundError);
    expect(fromProblem(undefined, 502).code).toBe('internal');
  });

  it('recognises an error from another copy of the package by its shape and name', () => {
    const foreign = { name: 'NotFoundError', code: 'not_found', status: 404, message: 'x', toProblem: () => ({}) };
    expect(isConfigServiceError(foreign)).toBe(true);
    expect(isConfigServiceError(new Error('plain'))).toBe(false);
    expect(isConfigServiceError({ code: 'x', status: 1 })).toBe(false);
  });

  it('keeps the cause', () => {
    const cause = new Error('socket closed');
    expect(new NotFoundError('x', { cause }).cause).toBe(cause);
  });
});

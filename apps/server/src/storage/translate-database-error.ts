import { ConnectionException, DriverException } from '@mikro-orm/core';
import { UnavailableError, ValidationError, isConfigServiceError } from '@config-service/core';

// Socket errors, and PostgreSQL's connection classes: 08 (connection), 57P (shutdown),
// 55000 (database not accepting connections), 53300 (too many connections), 3D000 (no such
// database), 28xxx (authentication) — all mean "the database cannot be used now".
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '55000', '53300', '3D000', '28000', '28P01',
]);
// Values the contract checks before they get here; these are the backstop if one slips through.
const BAD_VALUE_CODES = new Set(['22P02', '22P05', '22003', '22021', '54001']);

/** Turns a driver failure into the contract's error: 503 when the database is gone. */
export function translateDatabaseError(error: unknown): unknown {
  if (isConfigServiceError(error)) return error;
  const code = String((error as { code?: unknown }).code ?? (error as { cause?: { code?: unknown } }).cause?.code ?? '');
  const message = String((error as { message?: unknown }).message ?? '');
  if (
    error instanceof ConnectionException ||
    CONNECTION_CODES.has(code) ||
    /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Knex: Timeout acquiring a connection/i.test(message)
  ) {
    return new UnavailableError('the database cannot be reached', { cause: error });
  }
  if (error instanceof DriverException && BAD_VALUE_CODES.has(code)) {
    return new ValidationError('the database refused this value', { cause: error });
  }
  return error;
}

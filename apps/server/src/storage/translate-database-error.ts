import { ConnectionException } from '@mikro-orm/core';
import { UnavailableError, ValidationError, isConfigServiceError } from '@config-service/core';

// Socket errors, and PostgreSQL's connection classes: 08 (connection), 57P (shutdown),
// 55000 (database not accepting connections), 53300 (too many connections), 3D000 (no such
// database), 28xxx (authentication) — all mean "the database cannot be used now".
const CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH',
  '57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '55000', '53300', '3D000', '28000', '28P01',
]);
// The connection dropped mid-transaction: knex reports the transaction, not the socket.
const CONNECTION_MESSAGES =
  /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|Knex: Timeout acquiring a connection|Transaction query already complete|Client has encountered a connection error|Connection ended unexpectedly/i;
// SQLite's full or failing disk (SQLITE_FULL, SQLITE_IOERR*), PostgreSQL's disk_full (53100).
const STORAGE_CODES = /^(SQLITE_FULL|SQLITE_IOERR\w*|53100)$/;
const STORAGE_MESSAGES = /database or disk is full|disk I\/O error|No space left on device|could not extend file/i;
// Values the contract checks before they get here; these are the backstop if one slips through
// (22021: a NUL or invalid byte sequence; 22P05: \u0000 in jsonb).
const BAD_VALUE_CODES = new Set(['22P02', '22P05', '22003', '22021', '54001']);

function codeOf(error: unknown): string {
  return String((error as { code?: unknown })?.code ?? (error as { cause?: { code?: unknown } })?.cause?.code ?? '');
}

/** Whether a driver failure means the disk is full or failing. */
export function isStorageFull(error: unknown): boolean {
  return STORAGE_CODES.test(codeOf(error)) || STORAGE_MESSAGES.test(String((error as { message?: unknown })?.message ?? ''));
}

/**
 * Turns a driver failure into the contract's error: 503 `unavailable` when the database is gone
 * or its disk is full (the detail then starts `insufficient_storage`), 400 for a value it cannot take.
 */
export function translateDatabaseError(error: unknown): unknown {
  if (isConfigServiceError(error)) return error;
  const code = codeOf(error);
  const message = String((error as { message?: unknown })?.message ?? '');
  if (isStorageFull(error)) {
    return new UnavailableError('insufficient_storage: the database has no room for this write; free disk space, then retry', { cause: error });
  }
  if (error instanceof ConnectionException || CONNECTION_CODES.has(code) || CONNECTION_MESSAGES.test(message)) {
    return new UnavailableError('the database cannot be reached', { cause: error });
  }
  if (BAD_VALUE_CODES.has(code)) {
    return new ValidationError('the database refused this value', { cause: error });
  }
  return error;
}

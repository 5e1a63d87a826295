import { isConfigServiceError, type ConfigServiceError } from '@config-service/core';

/**
 * Exit codes scripts can rely on (README "CLI"). One per kind of failure a script reacts to
 * differently: retry later (unavailable), fix the credential (auth), re-read and retry
 * (conflict), fix the input (invalid), or look (not found).
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  notFound: 3,
  conflict: 4,
  auth: 5,
  unavailable: 6,
  invalid: 7,
} as const;

/** A failure the CLI itself detected, with what to do about it. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The server could not be reached at all. */
export class UnreachableError extends CliError {
  constructor(url: string, cause: unknown) {
    const reason = (cause as { cause?: { code?: string } })?.cause?.code ?? (cause as Error)?.message ?? String(cause);
    super(`could not reach the server at ${url} (${reason})`, EXIT.unavailable, 'is it running? Start one with `config-service serve`, or pass --url (or CONFIG_SERVICE_URL)');
  }
}

const BY_CODE: Partial<Record<ConfigServiceError['code'], { exit: number; hint?: string }>> = {
  not_found: { exit: EXIT.notFound },
  unauthorized: { exit: EXIT.auth, hint: 'pass a valid key with --api-key or CONFIG_SERVICE_API_KEY' },
  forbidden: { exit: EXIT.auth, hint: 'use a key whose roles and namespaces allow this' },
  version_conflict: { exit: EXIT.conflict, hint: 'it was changed since it was read: run the command again to see the new state' },
  conflict: { exit: EXIT.conflict },
  already_exists: { exit: EXIT.conflict },
  validation_failed: { exit: EXIT.invalid },
  payload_too_large: { exit: EXIT.invalid },
  unsupported_media_type: { exit: EXIT.invalid },
  rate_limited: { exit: EXIT.unavailable, hint: 'the server is rate limiting this key: wait and run again' },
  unavailable: { exit: EXIT.unavailable, hint: 'the server or its database is unavailable: check `GET /health` and run again' },
};

/** What to print and which code to exit with, for any error a command threw. */
export function describeFailure(error: unknown): { message: string; hint?: string; exitCode: number; code?: string } {
  if (error instanceof CliError) return { message: error.message, ...(error.hint ? { hint: error.hint } : {}), exitCode: error.exitCode };
  if (isConfigServiceError(error)) {
    const known = BY_CODE[error.code];
    const details = error.errors?.length ? `: ${error.errors.map((e) => `${e.path} ${e.message}`).join('; ')}` : '';
    return { message: `${error.message}${details}`, ...(known?.hint ? { hint: known.hint } : {}), exitCode: known?.exit ?? EXIT.failed, code: error.code };
  }
  return { message: error instanceof Error ? error.message : String(error), exitCode: EXIT.failed };
}

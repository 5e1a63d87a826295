import type { HttpResult } from './http-client';
import { ADMIN_KEY } from './targets';

/*
 * The parity tests send the same request to the server's fast path and, spelled so that
 * Express takes it, to its Express route, and compare the two answers.
 */

/** The one origin the parity server allows (CORS). */
export const PARITY_ORIGIN = 'http://app.example';

/** The parity server: the harness's admin key, CORS for PARITY_ORIGIN, the access log on. */
export const PARITY_SERVER_ENV = { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, CONFIG_SERVICE_CORS_ORIGINS: PARITY_ORIGIN, LOG_LEVEL: 'info' };

/** What may differ between two answers to the same request: ids, clocks and the rate-limit count. */
export const VARYING_HEADERS: readonly string[] = ['date', 'x-request-id', 'ratelimit', 'keep-alive', 'connection'];

/**
 * An answer as it is compared: its status, its headers but `varying`, and its body (a JSON body
 * through `json`, which blanks what may differ).
 */
export function comparableAnswer(result: HttpResult, varying: readonly string[], json: (body: Record<string, unknown>) => unknown) {
  const entries: [string, string][] = [];
  result.headers.forEach((value, name) => entries.push([name, value]));
  const headers = Object.fromEntries(entries.filter(([name]) => !varying.includes(name)));
  const body = result.json && typeof result.json === 'object' ? json(result.json as Record<string, unknown>) : result.text;
  return { status: result.status, headers, body };
}

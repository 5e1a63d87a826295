import { ValidationError } from '../errors/errors';
import type { ProblemFieldError } from '../wire/problem';
import type { ConfigEntry } from '../wire/config-entry';

/**
 * Checks a value received from the server (a listing, a watch event, a snapshot), e.g. against
 * the key's JSON Schema: `schemaValueCheck(configSchemas)` from `@config-service/schema`.
 * Returns why the value is wrong (JSON Pointers into the value), empty when it is fine.
 */
export type ValueCheck = (namespace: string, key: string, value: unknown) => readonly ProblemFieldError[];

/** The error a client reports (onError, `lastError`) when it refused a value from the server. */
export class ReceivedValueError extends ValidationError {
  readonly namespace: string;
  readonly key: string;
  readonly version: number;
  constructor(entry: ConfigEntry, errors: readonly ProblemFieldError[]) {
    const first = errors[0];
    super(
      `version ${entry.version} of ${entry.namespace}/${entry.key} from the server fails the client's check (${first ? `${first.path || '/'} ${first.message}` : 'invalid'}); the last good value is kept`,
      { errors: [...errors] },
    );
    this.namespace = entry.namespace;
    this.key = entry.key;
    this.version = entry.version;
  }
}

/** The entry's refusal, or null when `check` accepts it (or there is no check). */
export function refusalOf(check: ValueCheck | undefined, entry: ConfigEntry): ReceivedValueError | null {
  if (!check) return null;
  const errors = check(entry.namespace, entry.key, entry.value);
  return errors.length > 0 ? new ReceivedValueError(entry, errors) : null;
}

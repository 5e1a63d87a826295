import { isConfigServiceError } from '../errors/config-service-error';

/**
 * Failures that trying again cannot cure: a refused credential (401 after a fresh token), a
 * namespace the credential may not read (403), a request or setup the contract refuses (400,
 * e.g. no WebSocket implementation). Anything else (unreachable, 429, 5xx, a dropped watch)
 * is transient and retried with backoff.
 */
export function isPermanentFailure(error: unknown): boolean {
  return isConfigServiceError(error) && (error.code === 'unauthorized' || error.code === 'forbidden' || error.code === 'validation_failed');
}

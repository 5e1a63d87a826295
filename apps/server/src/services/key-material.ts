import { createHash, randomBytes, randomUUID } from 'node:crypto';

const KEY_TAG = 'csk_';

/** A new API key: 256 random bits. */
export function generateApiKey(): string {
  return KEY_TAG + randomBytes(32).toString('base64url');
}

/**
 * Keys are stored as SHA-256. Generated keys carry 256 random bits, so a slow password hash
 * would add nothing against guessing and would cost a hash per request; a plain digest also
 * lets the lookup use an index.
 */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function newKeyId(): string {
  return randomUUID();
}

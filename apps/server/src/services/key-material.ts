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

/**
 * The first characters, shown in listings so a person can tell keys apart: at most 12, and
 * never more than a quarter of the key, so the rest still carries most of its secret.
 */
export function keyPrefix(key: string): string {
  return key.slice(0, Math.min(12, Math.floor(key.length / 4)));
}

/**
 * Whether a presented string could be an API key at all: keys are 16 to 512 visible ASCII
 * characters (configured admin keys are at least 16; generated ones 47). Anything else is
 * refused without a lookup.
 */
export function isWellFormedKey(presented: string): boolean {
  return /^[\x21-\x7e]{16,512}$/.test(presented);
}

export function newKeyId(): string {
  return randomUUID();
}

/*
 * Randomness from Web Crypto, which Node 20 and every browser have as `globalThis.crypto`:
 * the package stays free of Node-only modules so setupWorker can bundle it.
 */

function randomBytes(count: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new API key in the server's format: `csk_` and 256 random bits. */
export function generateApiKey(): string {
  return `csk_${base64url(randomBytes(32))}`;
}

/** An opaque random string of `bytes` random bytes, base64url. */
export function randomToken(bytes = 32): string {
  return base64url(randomBytes(bytes));
}

/** A version 4 UUID; `crypto.randomUUID` is missing from insecure browser contexts (plain-http hosts). */
export function newUuid(): string {
  if (typeof globalThis.crypto.randomUUID === 'function') return globalThis.crypto.randomUUID();
  const bytes = randomBytes(16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** base64url of a UTF-8 string (for the JWT-shaped access tokens). */
export function base64urlText(text: string): string {
  return base64url(new TextEncoder().encode(text));
}

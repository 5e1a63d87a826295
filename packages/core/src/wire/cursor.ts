import { ValidationError } from '../errors/errors';

/*
 * Cursors are opaque to clients: base64url of a small JSON object naming where the previous
 * page stopped. Opaque so the server may change what it keeps without breaking callers.
 */

export function encodeCursor(position: Record<string, string | number>): string {
  const bytes = new TextEncoder().encode(JSON.stringify(position));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Reads a cursor back; a cursor that was not made by encodeCursor is a 400. */
export function decodeCursor<K extends string>(cursor: string, fields: Record<K, 'string' | 'number'>): Record<K, string | number> {
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor)) throw new Error('bad alphabet');
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as Record<string, unknown>;
    const result = {} as Record<K, string | number>;
    for (const [field, kind] of Object.entries(fields) as [K, 'string' | 'number'][]) {
      const value = parsed[field];
      if (typeof value !== kind) throw new Error(`missing ${field}`);
      if (kind === 'number' && !Number.isSafeInteger(value)) throw new Error(`bad ${field}`);
      result[field] = value as string | number;
    }
    return result;
  } catch (error) {
    throw new ValidationError('cursor is not one this server issued', {
      cause: error,
      errors: [{ path: 'cursor', message: 'unrecognised cursor' }],
    });
  }
}

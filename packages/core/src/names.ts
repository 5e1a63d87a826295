/** Rules for names and sizes from the wire contract; the server, SDKs and mock all check these. */

export const DEFAULT_NAMESPACE = 'default';
export const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
export const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;
/** `namespace` is reserved so that `/configs/namespace/{ns}` can never name a key. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['namespace']);

export const MAX_VALUE_BYTES = 1024 * 1024;
export const MAX_METADATA_BYTES = 16 * 1024;
/**
 * Request bodies up to this size are read; the limits above are checked on the encoded value
 * afterwards, so formatting whitespace cannot cause a 413.
 */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
export const DEFAULT_LIST_LIMIT = 100;
export const MAX_LIST_LIMIT = 1000;

export function isValidNamespace(name: string): boolean {
  return NAMESPACE_PATTERN.test(name);
}

export function isValidKey(key: string): boolean {
  return KEY_PATTERN.test(key) && !RESERVED_KEYS.has(key);
}

/** Why a key is refused, or undefined when it is fine. */
export function describeInvalidKey(key: string): string | undefined {
  if (RESERVED_KEYS.has(key)) return `the key "${key}" is reserved`;
  if (!KEY_PATTERN.test(key)) return `a key must match ${KEY_PATTERN.source}`;
  return undefined;
}

/** Why a namespace is refused, or undefined when it is fine. */
export function describeInvalidNamespace(name: string): string | undefined {
  return NAMESPACE_PATTERN.test(name) ? undefined : `a namespace must match ${NAMESPACE_PATTERN.source}`;
}

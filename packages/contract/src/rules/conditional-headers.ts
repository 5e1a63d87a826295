import { ValidationError } from '@config-service/core';
import type { Preconditions } from './preconditions';

/** Reads one request header; undefined or null when it is absent (Express and Fetch both fit). */
export type HeaderReader = (name: string) => string | undefined | null;

/** An entity tag for a version: `"<version>"`. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

/**
 * Reads `If-Match` and `If-None-Match` of a write. Entity tags are `"<version>"`; a weak
 * `W/"n"` and a bare number are accepted too, since people type them by hand with curl.
 */
export function readPreconditions(header: HeaderReader): Preconditions | undefined {
  const ifMatch = header('if-match') ?? undefined;
  const ifNoneMatch = header('if-none-match') ?? undefined;
  const preconditions: Preconditions = {};
  if (ifMatch !== undefined) preconditions.ifMatch = parseTagList(ifMatch, 'If-Match');
  if (ifNoneMatch !== undefined) {
    const tags = parseTagList(ifNoneMatch, 'If-None-Match');
    if (tags !== '*') throw new ValidationError('on a write, If-None-Match only takes "*" (create only)');
    preconditions.ifNoneMatchAny = true;
  }
  return ifMatch === undefined && ifNoneMatch === undefined ? undefined : preconditions;
}

/** For GET: whether `If-None-Match` names the current version (then the answer is 304). */
export function notModified(header: HeaderReader, version: number): boolean {
  const value = header('if-none-match') ?? undefined;
  if (value === undefined) return false;
  const tags = parseTagList(value, 'If-None-Match');
  return tags === '*' || tags.includes(version);
}

function parseTagList(header: string, name: string): number[] | '*' {
  const trimmed = header.trim();
  if (trimmed === '*') return '*';
  const versions: number[] = [];
  for (const part of trimmed.split(',')) {
    const tag = part.trim();
    const match = /^(?:W\/)?"([^"]*)"$|^(\d+)$/.exec(tag);
    if (!match) throw new ValidationError(`${name} must be a list of entity tags such as "3"`, { errors: [{ path: `header.${name}`, message: 'malformed entity tag' }] });
    const digits = match[1] ?? match[2] ?? '';
    // A well-formed tag that is not a version can never match; it is not an error.
    if (/^\d{1,15}$/.test(digits)) versions.push(Number(digits));
  }
  return versions;
}

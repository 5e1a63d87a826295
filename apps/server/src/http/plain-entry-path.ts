import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';

const PREFIX = '/api/v1/configs/';

/**
 * The key and query of a URL that is `/api/v1/configs/{key}` written plainly; null for every
 * other URL, and for spellings of it that Express's matching also accepts (other letter case, a
 * trailing slash, a key that does not decode), which Express then serves. The fast paths on
 * `node:http` take only what this returns, so Express and they never disagree on a route.
 */
export function plainEntryPath(url: string | undefined, parse: (search: string) => ParsedUrlQuery = parseQuery): { key: string; query: ParsedUrlQuery } | null {
  if (url === undefined || !url.startsWith(PREFIX)) return null;
  const queryAt = url.indexOf('?', PREFIX.length);
  const rawKey = queryAt < 0 ? url.slice(PREFIX.length) : url.slice(PREFIX.length, queryAt);
  if (rawKey.length === 0 || rawKey.includes('/')) return null;
  let key: string;
  try {
    key = rawKey.includes('%') ? decodeURIComponent(rawKey) : rawKey;
  } catch {
    return null;
  }
  // Express 5's default ("simple") query parser is node:querystring; the same one here (`parse`
  // may memoise it).
  return { key, query: queryAt < 0 ? {} : parse(url.slice(queryAt + 1)) };
}

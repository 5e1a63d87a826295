import { parse as parseQuery, type ParsedUrlQuery } from 'node:querystring';

const PREFIX = '/api/v1/configs/';

/**
 * The key and query of a URL that is `/api/v1/configs/{key}` written plainly; null for every
 * other URL, and for spellings of it that Express's matching also accepts (other letter case, a
 * trailing slash, a key that does not decode), which Express then serves. The fast paths on
 * `node:http` take only what this returns, so Express and they never disagree on a route.
 */
export function plainEntryPath(url: string | undefined): { key: string; query: Readonly<ParsedUrlQuery> } | null {
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
  return { key, query: queryAt < 0 ? NO_QUERY : parsedQuery(url.slice(queryAt + 1)) };
}

const NO_QUERY: Readonly<ParsedUrlQuery> = Object.freeze({});

/** Clients read and write the same few entries over and over: their query strings are parsed once (a plain map, emptied when full). */
const parsedQueries = new Map<string, Readonly<ParsedUrlQuery>>();
const PARSED_QUERIES_MAX = 1000;

function parsedQuery(search: string): Readonly<ParsedUrlQuery> {
  let query = parsedQueries.get(search);
  if (!query) {
    // Express 5's default ("simple") query parser is node:querystring; the same one here.
    // Frozen: one parse answers many requests, and no route may change what another sees.
    query = Object.freeze(parseQuery(search));
    if (parsedQueries.size >= PARSED_QUERIES_MAX) parsedQueries.clear();
    parsedQueries.set(search, query);
  }
  return query;
}

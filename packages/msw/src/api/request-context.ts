import { UnauthorizedError } from '@config-service/core';
import { type Principal } from '@config-service/contract';

/** The query string as the server's parser gives it: a repeated name becomes a list. */
export type QueryObject = Record<string, string | string[]>;

/** One request as the routes see it. */
export interface RequestContext {
  request: Request;
  requestId: string;
  /** Path parameters, percent-decoded. */
  params: Record<string, string>;
  query: QueryObject;
  /** Set for every `/api/v1` route that needs a caller. */
  principal?: Principal;
}

export function principalOf(context: RequestContext): Principal {
  if (!context.principal) throw new UnauthorizedError();
  return context.principal;
}

/** Parses a query string the way Node's `querystring` (Express 5's default) does for flat names. */
export function parseQuery(search: URLSearchParams): QueryObject {
  // No prototype: a parameter named `__proto__` must stay a parameter.
  const query = Object.create(null) as QueryObject;
  for (const [name, value] of search) {
    const current = query[name];
    if (current === undefined) query[name] = value;
    else if (Array.isArray(current)) current.push(value);
    else query[name] = [current, value];
  }
  return query;
}

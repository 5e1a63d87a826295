import type { ServerResponse } from 'node:http';
import type { Request } from 'express';
import { UnauthorizedError } from '@config-service/core';
import { type Principal } from '@config-service/contract';
import type { RequestFacts } from '../logging/request-facts';

/*
 * What the pipeline learns about a request, kept on the response's `locals` (where Express
 * keeps it too) rather than by widening Express's own Request type for the whole program. The
 * steps of the pipeline run with and without Express, so they reach it through the response.
 */
/** The request's facts (RequestFacts) are told to this context: see withRequestFacts. */
export interface RequestContext extends RequestFacts {
  requestId: string;
  /** When the request reached the pipeline (performance.now()), for its duration metric. */
  startedAt?: number;
  principal?: Principal;
  /** The parsed (lossless) JSON body, when the route takes one. */
  body?: unknown;
  /** The problem this request was answered with (`code: detail`), for the request log. */
  failure?: string;
}

type WithLocals = ServerResponse & { locals?: object };

/** The context of the request `res` answers; Express creates `locals`, elsewhere it is made here. */
export function responseContext(res: ServerResponse): RequestContext {
  return ((res as WithLocals).locals ??= Object.create(null) as object) as RequestContext;
}

export function contextOf(req: Request): RequestContext {
  return responseContext(req.res!);
}

export function principalIn(context: RequestContext): Principal {
  if (!context.principal) throw new UnauthorizedError();
  return context.principal;
}

export function principalOf(req: Request): Principal {
  return principalIn(contextOf(req));
}

import type { Request } from 'express';
import { UnauthorizedError, type Principal } from '@config-service/core';

/*
 * What the middleware learns about a request, kept on `res.locals` (typed here) rather than
 * by widening Express's own Request type for the whole program.
 */
export interface RequestContext {
  requestId: string;
  principal?: Principal;
  /** The parsed (lossless) JSON body, when the route takes one. */
  body?: unknown;
}

export function contextOf(req: Request): RequestContext {
  return req.res!.locals as RequestContext;
}

export function principalOf(req: Request): Principal {
  const principal = contextOf(req).principal;
  if (!principal) throw new UnauthorizedError();
  return principal;
}

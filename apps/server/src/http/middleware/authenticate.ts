import type { Request, RequestHandler } from 'express';
import type { Authenticator, PresentedCredentials } from '../../services/authenticator';
import type { RequestContext } from '../request-context';

/** The credentials of an HTTP request: `X-API-Key`, or `Authorization: Bearer <token>`. */
export function credentialsOf(req: Request): PresentedCredentials {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
  return { apiKey: req.get('x-api-key'), accessToken: bearer };
}

/** Establishes the principal of every API request; 401 when there is none. */
export function authenticate(authenticator: Authenticator): RequestHandler {
  return async (req, res, next) => {
    (res.locals as RequestContext).principal = await authenticator.authenticate(credentialsOf(req));
    next();
  };
}

import type { IncomingMessage } from 'node:http';
import type { Authenticator, PresentedCredentials } from '../../services/authenticator';
import { headerOf, type Step } from '../pipeline';
import { responseContext } from '../request-context';

/** The credentials in request headers: `X-API-Key`, or `Authorization: Bearer <token>`. */
export function credentialsOf(req: IncomingMessage): PresentedCredentials {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(req, 'authorization') ?? '')?.[1];
  return { apiKey: headerOf(req, 'x-api-key'), accessToken: bearer };
}

/** Establishes the principal of every API request; 401 when there is none. */
export function authenticate(authenticator: Authenticator): Step {
  return async (req, res, next) => {
    responseContext(res).principal = await authenticator.authenticate(credentialsOf(req));
    next();
  };
}

import type { IncomingHttpHeaders } from 'node:http';
import type { Authenticator, PresentedCredentials } from '../../services/authenticator';
import type { Step } from '../pipeline';
import { responseContext } from '../request-context';

/** The credentials in request headers: `X-API-Key`, or `Authorization: Bearer <token>`. */
export function credentialsOf(headers: IncomingHttpHeaders): PresentedCredentials {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  const apiKey = headers['x-api-key'];
  return { apiKey: Array.isArray(apiKey) ? apiKey.join(', ') : apiKey, accessToken: bearer };
}

/** Establishes the principal of every API request; 401 when there is none. */
export function authenticate(authenticator: Authenticator): Step {
  return async (req, res, next) => {
    responseContext(res).principal = await authenticator.authenticate(credentialsOf(req.headers));
    next();
  };
}

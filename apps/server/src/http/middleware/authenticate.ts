import type { IncomingMessage } from 'node:http';
import type { Authenticator, PresentedCredentials } from '../../services/authenticator';
import { headerOf, type Step } from '../pipeline';
import { responseContext } from '../request-context';
import { credentialDigest } from '../credential-digest';

/** The credentials in request headers: `X-API-Key`, or `Authorization: Bearer <token>`. */
export function credentialsOf(req: IncomingMessage): PresentedCredentials {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headerOf(req, 'authorization') ?? '')?.[1];
  return { apiKey: headerOf(req, 'x-api-key'), accessToken: bearer };
}

/**
 * Establishes the principal of every API request; 401 when there is none. A key whose lookup
 * is fresh in the cache is answered at once; anything else waits for the authenticator.
 */
export function authenticate(authenticator: Authenticator): Step {
  return (req, res, next) => {
    const credentials = credentialsOf(req);
    // The header's digest is the key's hash (both hashApiKey), worked out once per connection.
    if (credentials.apiKey) credentials.apiKeyHash = credentialDigest(req);
    const cached = authenticator.authenticateCached(credentials);
    if (cached) {
      responseContext(res).principal = cached;
      return next();
    }
    return authenticator.authenticate(credentials).then((principal) => {
      responseContext(res).principal = principal;
      next();
    });
  };
}

import { UnauthorizedError } from '@config-service/core';
import { type Principal } from '@config-service/contract';
import type { ApiKeyService } from './api-key-service';
import type { TokenService } from './token-service';

/** The credentials a request presented, however it carried them (header, bearer, query). */
export interface PresentedCredentials {
  apiKey?: string | undefined;
  /** The key's hash (hashApiKey), when the caller has it already. */
  apiKeyHash?: string | undefined;
  /** An access token (JWT) from `Authorization: Bearer` or, for WebSockets, `?access_token=`. */
  accessToken?: string | undefined;
}

/**
 * Turns presented credentials into a Principal. HTTP middleware and the WebSocket upgrade both
 * call this, so every transport authenticates the same way. A token is only as good as its key:
 * the key is looked up (through the short-lived cache) on every use, which is what makes
 * revocation reach tokens already issued.
 */
export class Authenticator {
  constructor(
    private readonly apiKeys: ApiKeyService,
    private readonly tokens: TokenService,
  ) {}

  async authenticate(credentials: PresentedCredentials): Promise<Principal> {
    if (credentials.apiKey) return this.apiKeys.authenticate(credentials.apiKey, credentials.apiKeyHash);
    if (credentials.accessToken) {
      const verified = this.tokens.verify(credentials.accessToken);
      return this.apiKeys.principalForKeyId(verified.keyId);
    }
    throw new UnauthorizedError('send an API key in the X-API-Key header or an access token as Authorization: Bearer');
  }

  /**
   * The principal of a key whose lookup is still fresh in the key cache, at once (or its
   * refusal, thrown); undefined when `authenticate` has to look. The same answer as
   * `authenticate`, without a promise per request on the hot read path.
   */
  authenticateCached(credentials: PresentedCredentials): Principal | undefined {
    if (!credentials.apiKey) return undefined;
    return this.apiKeys.authenticateCached(credentials.apiKey, credentials.apiKeyHash);
  }
}

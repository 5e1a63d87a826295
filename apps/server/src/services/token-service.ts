import jwt from 'jsonwebtoken';
import type { z } from 'zod';
import { UnauthorizedError } from '@config-service/core';
import { type Principal, type TokenResponseSchema } from '@config-service/contract';

export interface TokenServiceOptions {
  secret: string;
  /** @default 900 (15 minutes) */
  ttlSeconds?: number;
}

export type IssuedToken = z.infer<typeof TokenResponseSchema>;

export interface VerifiedToken {
  keyId: string;
}

// One algorithm, on both ends: a token naming another (`none`, or RS256 with the secret as a
// "public key") is refused before its signature is looked at.
const ALGORITHM = 'HS256';
const ISSUER = 'config-service';
const AUDIENCE = 'config-service';

/** Short-lived access tokens (JWT) for a key: what browsers and WebSockets send instead of the key. */
export class TokenService {
  private readonly ttlSeconds: number;

  constructor(private readonly options: TokenServiceOptions) {
    this.ttlSeconds = options.ttlSeconds ?? 900;
  }

  issue(principal: Principal): IssuedToken {
    const token = jwt.sign({ key_id: principal.keyId }, this.options.secret, {
      algorithm: ALGORITHM,
      issuer: ISSUER,
      audience: AUDIENCE,
      subject: principal.name,
      expiresIn: this.ttlSeconds,
    });
    return { access_token: token, token_type: 'Bearer', expires_in: this.ttlSeconds };
  }

  verify(token: string): VerifiedToken {
    let payload: string | jwt.JwtPayload;
    try {
      payload = jwt.verify(token, this.options.secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience: AUDIENCE });
    } catch (error) {
      const reason = error instanceof jwt.TokenExpiredError ? 'the access token has expired' : 'the access token is not valid';
      throw new UnauthorizedError(reason, { cause: error });
    }
    // `sub` is not read back (the key is looked up by id), but a token without it was not issued here.
    // Every token issued here expires; one without `exp` would be valid forever.
    if (typeof payload === 'string' || typeof payload.key_id !== 'string' || typeof payload.sub !== 'string' || typeof payload.exp !== 'number') {
      throw new UnauthorizedError('the access token is not valid');
    }
    return { keyId: payload.key_id };
  }
}

import type { RequestHandler } from 'express';
import { UnauthorizedError } from '@config-service/core';
import type { ApiKeyService } from '../../services/api-key-service';
import type { RequestContext } from '../request-context';

/** Establishes the principal from `X-API-Key`; 401 when it is missing or not valid. */
export function authenticate(apiKeys: ApiKeyService): RequestHandler {
  return async (req, res, next) => {
    const presented = req.get('x-api-key');
    if (!presented) throw new UnauthorizedError('send an API key in the X-API-Key header');
    (res.locals as RequestContext).principal = await apiKeys.authenticate(presented);
    next();
  };
}

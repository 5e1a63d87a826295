import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import {
  ConfigServiceError,
  InternalError,
  NotFoundError,
  PayloadTooLargeError,
  PROBLEM_CONTENT_TYPE,
  UnsupportedMediaTypeError,
  ValidationError,
  fromProblem,
  isConfigServiceError,
} from '@config-service/core';
import { MAX_BODY_BYTES } from './middleware/json-body';
import type { RequestContext } from './request-context';

/** The one place an error becomes a response: problem+json with the contract's code. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const problemError = toConfigServiceError(error);
    const requestId = (res.locals as RequestContext).requestId ?? '';
    if (problemError.status >= 500) {
      logger.error({ err: error, requestId, method: req.method, path: req.path }, 'request failed');
    }
    if (res.headersSent) return;
    if (problemError.code === 'unauthorized') {
      res.setHeader('WWW-Authenticate', 'Bearer realm="config-service", ApiKey realm="config-service" header="X-API-Key"');
    }
    if (problemError.code === 'rate_limited') {
      const retryAfter = (problemError as { retryAfter?: number }).retryAfter;
      res.setHeader('Retry-After', String(retryAfter ?? 1));
    }
    res.status(problemError.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problemError.toProblem(requestId)));
  };
}

/** Routes nobody serves. */
export function notFoundHandler(): RequestHandler {
  return (req) => {
    throw new NotFoundError(`no route for ${req.method} ${req.path}`);
  };
}

/** Errors from Express and body-parser carry `status` and `type`; map them to contract codes. */
function toConfigServiceError(error: unknown): ConfigServiceError {
  if (isConfigServiceError(error)) return error;
  const status = Number((error as { status?: unknown; statusCode?: unknown })?.status ?? (error as { statusCode?: unknown })?.statusCode);
  const type = String((error as { type?: unknown })?.type ?? '');
  if (type === 'entity.too.large' || status === 413) {
    return new PayloadTooLargeError(`the body is larger than ${MAX_BODY_BYTES} bytes`, { cause: error });
  }
  if (type === 'encoding.unsupported' || type === 'charset.unsupported' || status === 415) {
    return new UnsupportedMediaTypeError('the body encoding is not supported; send UTF-8 JSON', { cause: error });
  }
  if (Number.isInteger(status) && status >= 400 && status < 500) {
    if (status === 400) return new ValidationError('the request is malformed', { cause: error });
    return fromProblem({ detail: 'the request was refused' }, status);
  }
  return new InternalError('internal error', { cause: error });
}

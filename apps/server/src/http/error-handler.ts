import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import {
  ConfigServiceError,
  InternalError,
  NotFoundError,
  MAX_BODY_BYTES,
  PayloadTooLargeError,
  PROBLEM_CONTENT_TYPE,
  UnsupportedMediaTypeError,
  ValidationError,
  WWW_AUTHENTICATE,
  fromProblem,
  isConfigServiceError,
} from '@config-service/core';
import { responseContext } from './request-context';
import { sendText } from './send';
import { lingerAfterAnswer } from './linger';

/** The one place an error becomes a response: problem+json with the contract's code. */
export function sendProblem(logger: Logger, error: unknown, req: IncomingMessage, res: ServerResponse): void {
  const problemError = toConfigServiceError(error);
  const context = responseContext(res);
  const requestId = context.requestId ?? '';
  context.failure = `${problemError.code}: ${problemError.message}`;
  if (problemError.status >= 500) {
    logger.error({ err: error, requestId, method: req.method, path: (req.url ?? '').split('?')[0] }, 'request failed');
  }
  if (res.headersSent) return;
  const headers: Record<string, string> = {};
  // A body not read to its end (refused before reading, or past the size limit) is not drained
  // first: the answer goes out now, and the rest of the body is discarded after it.
  lingerAfterAnswer(req, res);
  if (problemError.code === 'unauthorized') {
    headers['WWW-Authenticate'] = WWW_AUTHENTICATE;
  }
  if (problemError.code === 'rate_limited') {
    const retryAfter = (problemError as { retryAfter?: number }).retryAfter;
    headers['Retry-After'] = String(retryAfter ?? 1);
  }
  sendText(res, problemError.status, `${PROBLEM_CONTENT_TYPE}; charset=utf-8`, JSON.stringify(problemError.toProblem(requestId)), headers);
}

/** Express's error middleware: every error reaches `sendProblem`. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => sendProblem(logger, error, req, res);
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

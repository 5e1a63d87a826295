import { Router, type ErrorRequestHandler, type Request, type RequestHandler } from 'express';
import { DEFAULT_NAMESPACE, NotFoundError, ValidationError, isConfigServiceError } from '@config-service/core';
import { KeyNameSchema, NamespaceNameSchema } from '@config-service/contract';
import type { OfrepService } from '../../services/ofrep-service';
import { contextOf, principalOf } from '../request-context';
import { jsonBody } from '../middleware/json-body';
import { sendJson } from '../send';

type OfrepErrorCode = 'PARSE_ERROR' | 'INVALID_CONTEXT';

/** A 400 that OFREP answers in its own shape (`errorCode`), not as problem+json. */
class OfrepRequestError extends ValidationError {
  constructor(
    readonly errorCode: OfrepErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The request body is optional: no body is an empty context. */
function readBody(): RequestHandler {
  const read = jsonBody();
  return (req, res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (!hasBody) return next();
    // jsonBody is async (the body streams in, large ones are parsed on a worker): a refusal is a
    // rejected promise, which would otherwise go unhandled and end the process.
    Promise.resolve(read(req, res, (error?: unknown) => next(parseFailure(error)))).catch((error: unknown) => next(parseFailure(error)));
  };
}

function parseFailure(error: unknown): unknown {
  if (error instanceof ValidationError) return new OfrepRequestError('PARSE_ERROR', error.message, { cause: error });
  return error;
}

/** `context.namespace`, else `default`; a context that is not an object, or a bad namespace, is INVALID_CONTEXT. */
function namespaceOf(req: Request): string {
  const body = contextOf(req).body;
  if (body === undefined) return DEFAULT_NAMESPACE;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new OfrepRequestError('PARSE_ERROR', 'the body must be a JSON object `{"context": {...}}`');
  const context = (body as { context?: unknown }).context;
  if (context === undefined) return DEFAULT_NAMESPACE;
  if (context === null || typeof context !== 'object' || Array.isArray(context)) throw new OfrepRequestError('INVALID_CONTEXT', '`context` must be an object');
  const namespace = (context as { namespace?: unknown }).namespace;
  if (namespace === undefined) return DEFAULT_NAMESPACE;
  const checked = NamespaceNameSchema.safeParse(namespace);
  if (!checked.success) throw new OfrepRequestError('INVALID_CONTEXT', `context.namespace ${JSON.stringify(namespace)} is not a namespace name (^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$)`);
  return checked.data;
}

function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed.replace(/^W\//, '') === etag;
  });
}

/**
 * OFREP (`/ofrep/v1`): single and bulk evaluation of config values. Mounted behind the API's
 * rate limit and authentication; OFREP's own error bodies for 400 and 404, problem+json for
 * the rest (401, 403, 429, 5xx), as the error handler writes them.
 */
export function ofrepRoutes(ofrep: OfrepService): Router {
  const router = Router();
  const rememberKey: RequestHandler = (req, res, next) => {
    // OFREP's 400 and 404 bodies name the key, also when the body could not be read.
    res.locals.ofrepKey = String(req.params.key);
    next();
  };
  router.post('/evaluate/flags/:key', rememberKey, readBody(), async (req, res) => {
    const key = String(req.params.key);
    const namespace = namespaceOf(req);
    if (!KeyNameSchema.safeParse(key).success) throw new NotFoundError(`"${key}" is not a key name, so no flag has it`);
    sendJson(res, 200, await ofrep.evaluate(principalOf(req), namespace, key));
  });
  router.post('/evaluate/flags', readBody(), async (req, res) => {
    const namespace = namespaceOf(req);
    const { body, etag } = await ofrep.evaluateAll(principalOf(req), namespace);
    if (matches(req.get('if-none-match'), etag)) {
      res.status(304).setHeader('ETag', etag);
      res.end();
      return;
    }
    sendJson(res, 200, body, { ETag: etag, 'Cache-Control': 'no-cache' });
  });
  router.use(ofrepErrors());
  return router;
}

/** OFREP's shapes for 400 (`PARSE_ERROR`, `INVALID_CONTEXT`) and 404 (`FLAG_NOT_FOUND`); anything else goes on. */
function ofrepErrors(): ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    const key = res.locals.ofrepKey as string | undefined;
    if (error instanceof OfrepRequestError) {
      sendJson(res, 400, JSON.stringify(key === undefined ? { errorCode: error.errorCode, errorDetails: error.message } : { key, errorCode: error.errorCode, errorDetails: error.message }));
      return;
    }
    if (key !== undefined && isConfigServiceError(error) && error.code === 'not_found') {
      sendJson(res, 404, JSON.stringify({ key, errorCode: 'FLAG_NOT_FOUND', errorDetails: error.message }));
      return;
    }
    next(error);
  };
}

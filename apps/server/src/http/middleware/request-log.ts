import type { Logger } from 'pino';
import { DEFAULT_NAMESPACE } from '@config-service/core';
import type { Step } from '../pipeline';
import { responseContext } from '../request-context';

/** The operation a request performs, and the namespace and key it names. */
export interface Operation {
  operation: string;
  namespace?: string;
  key?: string;
  /** Reads of one entry: the log line says whether a cache answered. */
  read?: boolean;
}

const API = '/api/v1';

/** Routes by method and path, in the order they are tried; `{key}` and `{namespace}` capture. */
const ROUTES: [method: string, path: RegExp, operation: string][] = [
  ['GET', /^\/configs\/namespace\/(?<namespace>[^/]+)$/, 'config.list'],
  ['GET', /^\/configs\/(?<key>[^/]+)\/history$/, 'config.history'],
  ['POST', /^\/configs\/(?<key>[^/]+)\/rollback$/, 'config.rollback'],
  ['GET', /^\/configs\/(?<key>[^/]+)$/, 'config.get'],
  ['HEAD', /^\/configs\/(?<key>[^/]+)$/, 'config.get'],
  ['PUT', /^\/configs\/(?<key>[^/]+)$/, 'config.put'],
  ['DELETE', /^\/configs\/(?<key>[^/]+)$/, 'config.delete'],
  ['POST', /^\/configs$/, 'config.create'],
  ['GET', /^\/namespaces$/, 'namespace.list'],
  ['POST', /^\/apikeys$/, 'apikey.create'],
  ['GET', /^\/apikeys$/, 'apikey.list'],
  ['DELETE', /^\/apikeys\/[^/]+$/, 'apikey.revoke'],
  ['POST', /^\/auth\/token$/, 'auth.token'],
  ['GET', /^\/auth\/self$/, 'auth.self'],
  ['GET', /^\/audit$/, 'audit.list'],
];

/** What a request does, from its method and URL (and, for a create, the key and namespace of its body). */
export function operationOf(method: string | undefined, url: string, body: unknown): Operation {
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (path.startsWith(OFREP)) return ofrepOperation(path, body);
  if (!path.startsWith(`${API}/`)) {
    if (path === '/health' || path === '/health/live') return { operation: 'health' };
    if (path === '/metrics') return { operation: 'metrics' };
    if (path === '/' || path.startsWith('/console')) return { operation: 'console' };
    return { operation: 'http' };
  }
  const route = path.slice(API.length);
  for (const [routeMethod, pattern, operation] of ROUTES) {
    if (routeMethod !== method) continue;
    const match = pattern.exec(route);
    if (!match) continue;
    if (!operation.startsWith('config.')) return { operation };
    const query = new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1));
    const fromBody = (field: string) => {
      const value = (body as Record<string, unknown> | undefined)?.[field];
      return typeof value === 'string' ? value : undefined;
    };
    const namespace = decode(match.groups?.namespace) ?? query.get('namespace') ?? fromBody('namespace') ?? DEFAULT_NAMESPACE;
    const key = decode(match.groups?.key) ?? fromBody('key');
    return { operation, namespace, ...(key !== undefined ? { key } : {}), ...(operation === 'config.get' ? { read: true } : {}) };
  }
  return { operation: 'http' };
}

const OFREP = '/ofrep/v1/evaluate/flags';

/** OFREP: the key from the path, the namespace from the body's `context`. */
function ofrepOperation(path: string, body: unknown): Operation {
  const context = (body as { context?: { namespace?: unknown } } | undefined)?.context;
  const namespace = typeof context?.namespace === 'string' ? context.namespace : DEFAULT_NAMESPACE;
  if (path === OFREP) return { operation: 'ofrep.evaluate_all', namespace };
  const key = decode(/^\/([^/]+)$/.exec(path.slice(OFREP.length))?.[1]);
  return key === undefined ? { operation: 'http' } : { operation: 'ofrep.evaluate', namespace, key };
}

function decode(part: string | undefined): string | undefined {
  if (part === undefined) return undefined;
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/**
 * One JSON line per request, written when the response is done, with the contract's fields:
 * `operation`, `namespace`, `key`, `user_id`, `duration_ms`, `cache_hit` (entry reads),
 * `status`, `request_id`, and `error` (the problem's code and detail) when it failed, plus
 * `method` and `path`. Only these: never headers, the query string (it may carry
 * `access_token`) or a body.
 */
export function requestLog(logger: Logger): Step {
  return (req, res, next) => {
    const started = performance.now();
    // Express rewrites req.url while routing (mount paths are cut off): keep the original.
    const url = req.url ?? '/';
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      // Nothing is built for a line the level leaves out (LOG_LEVEL=warn keeps only the 5xx).
      if (!logger.isLevelEnabled(status >= 500 ? 'error' : 'info')) return;
      const context = responseContext(res);
      const { read, ...operation } = operationOf(req.method, url, context.body);
      const line = {
        ...operation,
        method: req.method,
        path: url.split('?')[0],
        user_id: context.principal?.name,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
        ...(read && context.cacheHit !== undefined ? { cache_hit: context.cacheHit } : {}),
        status,
        request_id: context.requestId,
        ...(status >= 400 ? { error: context.failure ?? (status === 499 ? 'the client closed the connection first' : `status ${status}`) } : {}),
      };
      if (status >= 500) logger.error(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}

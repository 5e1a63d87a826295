import { ValidationError } from '@config-service/core';
import type { RequestContext } from './request-context';

export type RouteMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** One route of the mock API: framework-free, a Request in and a Response out. */
export interface Route {
  method: RouteMethod;
  /** Express-style, e.g. `/api/v1/configs/:key/history`; also the OpenAPI path with `{key}`. */
  path: string;
  /** Public routes are answered without credentials. */
  public?: boolean;
  handle(context: RequestContext): Response | Promise<Response>;
}

export interface RouteMatch {
  route: Route;
  /** Path parameters as they came, still percent-encoded: see `decodeParams`. */
  rawParams: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/**
 * Matches paths the way Express matches them by default (case-insensitive, an optional trailing
 * slash, a parameter is one non-empty segment), on the raw path, so a malformed percent-escape
 * is the route's 400 and never an exception inside MSW's own matcher.
 */
export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((segment) => {
          if (!segment.startsWith(':')) return escapeRegExp(segment);
          names.push(segment.slice(1));
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}/?$`, 'i'), names };
    });
  }

  /** The route for `method` and a raw (still percent-encoded) path; undefined if none. */
  match(method: string, rawPath: string): RouteMatch | undefined {
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const { route, pattern, names } of this.compiled) {
      if (route.method !== wanted) continue;
      const found = pattern.exec(rawPath);
      if (!found) continue;
      const rawParams: Record<string, string> = {};
      names.forEach((name, index) => {
        rawParams[name] = found[index + 1] ?? '';
      });
      return { route, rawParams };
    }
    return undefined;
  }
}

/** Percent-decodes path parameters; a malformed escape is a 400, as on the server. */
export function decodeParams(rawParams: Record<string, string>): Record<string, string> {
  const params: Record<string, string> = {};
  for (const [name, raw] of Object.entries(rawParams)) {
    try {
      params[name] = decodeURIComponent(raw);
    } catch (error) {
      throw new ValidationError(`the path parameter ${name} is not valid percent-encoding`, {
        cause: error,
        errors: [{ path: `path.${name}`, message: 'malformed percent-encoding' }],
      });
    }
  }
  return params;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

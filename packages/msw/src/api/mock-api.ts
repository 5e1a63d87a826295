import { NotFoundError } from '@config-service/core';
import type { InMemoryConfigStore } from '../store/in-memory-config-store';
import type { ApiKeyRegistry } from '../auth/api-key-registry';
import type { AuditLog } from '../audit/audit-log';
import { newUuid } from '../auth/random-ids';
import { parseQuery, type RequestContext } from './request-context';
import { Router, decodeParams, type Route } from './router';
import { problemResponse } from './problem-response';
import { configRoutes } from './routes/config-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { authRoutes } from './routes/auth-routes';
import { healthRoutes } from './routes/health-routes';
import { docsRoutes } from './routes/docs-routes';
import { auditRoutes } from './routes/audit-routes';
import { RequestMetrics } from './request-metrics';

export interface MockApiOptions {
  store: InMemoryConfigStore;
  keys: ApiKeyRegistry;
  audit: AuditLog;
  /** Where the API is mounted under its origin: '' for the root, or e.g. '/config'. @default '' */
  pathPrefix?: string;
  /** What requests wait for first (the seed's writes). @default nothing */
  ready?: () => Promise<void>;
}

const ACCEPTABLE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const API_PATH = /^\/api\/v1(?:\/|$)/i;

/**
 * The mock's HTTP API over the Fetch API's own Request and Response, with no MSW in it (the
 * MSW handlers are a thin adapter around `handle`). The pipeline is the server's: request id,
 * authentication for `/api/v1`, the route, and errors turned into problem+json in one place.
 */
export class MockApi {
  readonly routes: readonly Route[];
  readonly metrics = new RequestMetrics();
  private readonly router: Router;
  private readonly keys: ApiKeyRegistry;
  private readonly pathPrefix: string;
  private readonly ready: () => Promise<void>;

  constructor(options: MockApiOptions) {
    this.keys = options.keys;
    this.ready = options.ready ?? (() => Promise.resolve());
    this.pathPrefix = options.pathPrefix ?? '';
    this.routes = [
      ...healthRoutes(),
      {
        method: 'GET',
        path: '/metrics',
        public: true,
        handle: () => new Response(this.metrics.render(), { status: 200, headers: { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' } }),
      },
      ...docsRoutes(this.pathPrefix),
      ...authRoutes(options.keys),
      ...configRoutes(options.store.engine),
      ...apiKeyRoutes(options.keys),
      ...auditRoutes(options.audit),
    ];
    this.router = new Router([...this.routes]);
  }

  /** Answers one request addressed to the mock (its path starts with the mount path). */
  async handle(request: Request): Promise<Response> {
    const incoming = request.headers.get('x-request-id');
    const requestId = incoming && ACCEPTABLE_REQUEST_ID.test(incoming) ? incoming : newUuid();
    let response: Response;
    try {
      await this.ready();
      response = await this.dispatch(request, requestId);
    } catch (error) {
      response = problemResponse(error, requestId);
    }
    this.metrics.count(request.method, response.status);
    const headers = new Headers(response.headers);
    headers.set('X-Request-Id', requestId);
    // HEAD is answered as GET without the body, as Express does.
    const body = request.method === 'HEAD' || response.status === 204 || response.status === 304 ? null : response.body;
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  }

  private async dispatch(request: Request, requestId: string): Promise<Response> {
    const url = new URL(request.url);
    const path = url.pathname.slice(this.pathPrefix.length) || '/';
    const match = this.router.match(request.method, path);
    // Authentication comes before routing under /api/v1, so an unknown API path without a key is a 401.
    const principal =
      API_PATH.test(path) && !match?.route.public
        ? this.keys.authenticate({
            apiKey: request.headers.get('x-api-key'),
            accessToken: /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get('authorization') ?? '')?.[1],
          })
        : undefined;
    if (!match) throw new NotFoundError(`no route for ${request.method} ${path}`);
    const context: RequestContext = { request, requestId, params: decodeParams(match.rawParams), query: parseQuery(url.searchParams) };
    if (principal) context.principal = principal;
    return match.route.handle(context);
  }
}

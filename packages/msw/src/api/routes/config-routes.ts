import { CONFIG_ROUTES, configOperations, type ConfigEngine, type OperationRequest } from '@config-service/contract';
import { principalOf } from '../request-context';
import type { Route } from '../router';
import { readJsonBody } from '../read-json-body';

/**
 * The entry and namespace routes: the contract's own operations (the server serves the same
 * ones), carried over the Fetch API. A route that takes a body authorizes the caller before
 * reading it, as the server does.
 */
export function configRoutes(engine: ConfigEngine): Route[] {
  const operations = configOperations(engine);
  return CONFIG_ROUTES.map((route) => ({
    method: route.method,
    path: `/api/v1${route.path}`,
    async handle(context) {
      const request: OperationRequest = {
        params: context.params,
        query: context.query,
        header: (name) => context.request.headers.get(name),
        principal: principalOf(context),
        requestId: context.requestId,
      };
      if (route.body) {
        route.authorize(request);
        request.body = await readJsonBody(context.request);
      }
      const result = await operations[route.operation](request);
      const headers = result.body === null ? result.headers : { 'Content-Type': 'application/json; charset=utf-8', ...result.headers };
      return new Response(result.body, { status: result.status, headers });
    },
  }));
}

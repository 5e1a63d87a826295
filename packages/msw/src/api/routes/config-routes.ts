import { CONFIG_ROUTES, configOperations, type ConfigEngine } from '@config-service/contract';
import { principalOf } from '../request-context';
import type { Route } from '../router';
import { readJsonBody } from '../read-json-body';

/**
 * The entry and namespace routes: the contract's own operations (the server serves the same
 * ones), carried over the Fetch API. The body is read first, as the server reads it.
 */
export function configRoutes(engine: ConfigEngine): Route[] {
  const operations = configOperations(engine);
  return CONFIG_ROUTES.map(({ method, path, operation, body }) => ({
    method,
    path: `/api/v1${path}`,
    async handle(context) {
      const parsed = body ? await readJsonBody(context.request) : undefined;
      const result = await operations[operation]({
        params: context.params,
        query: context.query,
        body: parsed,
        header: (name) => context.request.headers.get(name),
        principal: principalOf(context),
        requestId: context.requestId,
      });
      const headers = result.body === null ? result.headers : { 'Content-Type': 'application/json; charset=utf-8', ...result.headers };
      return new Response(result.body, { status: result.status, headers });
    },
  }));
}

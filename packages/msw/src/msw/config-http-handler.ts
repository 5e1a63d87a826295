import { http, type HttpHandler } from 'msw';
import type { MockApi } from '../api/mock-api';
import { isMockRequest, type MockBaseUrl } from '../mock-base-url';

/**
 * The MSW adapter for HTTP: one handler whose predicate claims the mock's requests and whose
 * resolver hands them to the framework-free MockApi. A custom predicate, not a path pattern:
 * MSW's own matcher throws on a malformed percent-escape, which the contract answers with 400.
 */
export function configHttpHandler(api: MockApi, base: MockBaseUrl, everything: boolean): HttpHandler {
  return http.all(
    ({ request }) => isMockRequest(base, request.url, everything),
    ({ request }) => api.handle(request),
  );
}

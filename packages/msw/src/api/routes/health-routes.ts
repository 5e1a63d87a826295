import type { Route } from '../router';
import { jsonResponse } from '../problem-response';

/**
 * Public probes. The mock's "database" is its memory, so it is always `ok`; to test an outage,
 * put a handler in front with MSW itself (`server.use(http.all(..., () => HttpResponse.error()))`).
 */
export function healthRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/health',
      public: true,
      handle: () => jsonResponse(200, '{"status":"ok","checks":{"database":"ok"}}'),
    },
    {
      method: 'GET',
      path: '/health/live',
      public: true,
      handle: () => jsonResponse(200, '{"status":"ok"}'),
    },
  ];
}

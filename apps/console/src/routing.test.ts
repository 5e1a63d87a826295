import { describe, expect, it } from 'vitest';
import { hrefOf, parseRoute, type Route } from './routing';

describe('console routes in the URL hash', () => {
  it('round-trips every place, names with dots and dashes included', () => {
    const routes: Route[] = [
      { page: 'namespaces' },
      { page: 'keys', namespace: 'pay-ments.eu' },
      { page: 'entry', namespace: 'payments', key: 'stripe.timeout_ms', tab: 'edit' },
      { page: 'entry', namespace: 'payments', key: 'stripe.timeout_ms', tab: 'history' },
      { page: 'apikeys' },
      { page: 'audit' },
    ];
    for (const route of routes) expect(parseRoute(hrefOf(route))).toEqual(route);
  });

  it('sends anything unknown to the namespaces list', () => {
    expect(parseRoute('')).toEqual({ page: 'namespaces' });
    expect(parseRoute('#/nowhere/at/all')).toEqual({ page: 'namespaces' });
    expect(parseRoute('#/admin')).toEqual({ page: 'namespaces' });
  });
});

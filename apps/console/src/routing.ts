import { useEffect, useState } from 'react';

/** The console's places, kept in the URL hash so the server serves one page for all of them. */
export type Route =
  | { page: 'namespaces' }
  | { page: 'keys'; namespace: string }
  | { page: 'entry'; namespace: string; key: string; tab: 'edit' | 'history' }
  | { page: 'apikeys' }
  | { page: 'audit' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'ns' && parts[1]) {
    if (parts[2]) return { page: 'entry', namespace: parts[1], key: parts[2], tab: parts[3] === 'history' ? 'history' : 'edit' };
    return { page: 'keys', namespace: parts[1] };
  }
  if (parts[0] === 'admin' && parts[1] === 'keys') return { page: 'apikeys' };
  if (parts[0] === 'admin' && parts[1] === 'audit') return { page: 'audit' };
  return { page: 'namespaces' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'namespaces':
      return '#/';
    case 'keys':
      return `#/ns/${encodeURIComponent(route.namespace)}`;
    case 'entry':
      return `#/ns/${encodeURIComponent(route.namespace)}/${encodeURIComponent(route.key)}${route.tab === 'history' ? '/history' : ''}`;
    case 'apikeys':
      return '#/admin/keys';
    case 'audit':
      return '#/admin/audit';
  }
}

export function navigate(route: Route): void {
  location.hash = hrefOf(route);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

import { ValidationError } from '@config-service/core';

/** Where the mock answers, resolved once from the `baseUrl` option. */
export interface MockBaseUrl {
  /** e.g. `http://localhost:8080`. */
  origin: string;
  /** The mount path without a trailing slash: '' or e.g. '/config'. */
  pathPrefix: string;
  /** The watch URL, `ws(s)://…/ws/v1/configs/updates`. */
  watchUrl: string;
}

/** The server's own default address: a client configured for a local server works unchanged. */
export const DEFAULT_BASE_URL = 'http://localhost:8080';

/**
 * Resolves `baseUrl`: absolute, or (in a browser) relative to the page. Fails at creation,
 * not at the first request, when it cannot be resolved.
 */
export function resolveBaseUrl(baseUrl: string): MockBaseUrl {
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  let url: URL;
  try {
    url = new URL(baseUrl, page);
  } catch (error) {
    throw new ValidationError(
      `Failed to create the config-service mock: baseUrl "${baseUrl}" is not an absolute URL and there is no page to resolve it against. Make sure to pass an absolute URL such as ${DEFAULT_BASE_URL} outside a browser.`,
      { cause: error },
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ValidationError(`Failed to create the config-service mock: baseUrl "${baseUrl}" must be http: or https:.`);
  }
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  const wsOrigin = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return { origin: url.origin, pathPrefix, watchUrl: `${wsOrigin}${pathPrefix}/ws/v1/configs/updates` };
}

const SERVED_PATHS = /^\/(?:api\/v1(?:\/.*)?|health|health\/live|metrics|openapi\.json|docs|docs\/init\.js)\/?$/i;

/**
 * Whether a request URL is the mock's: under its origin and mount path, and either one of the
 * server's paths or, when `everything` is set, any path there (answered 404 if unknown).
 */
export function isMockRequest(base: MockBaseUrl, rawUrl: string, everything: boolean): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.origin !== base.origin) return false;
  const path = url.pathname;
  if (base.pathPrefix && path !== base.pathPrefix && !path.startsWith(`${base.pathPrefix}/`)) return false;
  return everything || SERVED_PATHS.test(path.slice(base.pathPrefix.length));
}

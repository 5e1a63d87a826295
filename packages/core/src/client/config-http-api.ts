import { UnavailableError, ValidationError, fromProblem } from '../errors/errors';
import { isConfigServiceError } from '../errors/config-service-error';
import type { ConfigEntry, HistoryPage, NamespaceList, NamespaceListing } from '../wire/config-entry';
import { ClientAuth } from './client-auth';
import type { BaseClientOptions } from './client-options';
import type { ClientPlatform } from './platform';
import type { ListingPage } from './entry-store';
import type { AccessToken } from './client-types';
import { jsonCodec, type JsonCodec } from './json-codec';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Statuses other than 2xx that are answers rather than errors (304, 404). */
  accept?: number[];
}

export interface HttpAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** The whole namespace, every page of it. */
export interface FullListing {
  namespace: string;
  /** The lowest revision any page saw: a watch `since` it misses nothing. */
  revision: number;
  pages: ListingPage[];
}

/**
 * The contract's REST calls over an injected fetch. Errors come back typed: a problem body
 * through `fromProblem`, a network failure as `UnavailableError` with the cause kept.
 */
export class ConfigHttpApi {
  readonly baseUrl: string;
  readonly auth: ClientAuth;
  readonly json: JsonCodec;
  private readonly getFetch: () => typeof fetch;
  private readonly timeoutMs: number;

  constructor(options: BaseClientOptions, platform: ClientPlatform) {
    if (typeof options.baseUrl !== 'string' || !/^https?:\/\//.test(options.baseUrl)) {
      throw new ValidationError(`baseUrl must be an http:// or https:// URL, got ${JSON.stringify(options.baseUrl)}`);
    }
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.getFetch = platform.fetch;
    this.timeoutMs = options.requestTimeoutMs ?? 10_000;
    if (options.json !== undefined && options.json !== 'native' && options.json !== 'lossless') {
      throw new ValidationError(`json must be 'native' or 'lossless', got ${JSON.stringify(options.json)}`);
    }
    this.json = jsonCodec(options.json);
    // Browsers cannot put an API key on a WebSocket, so there tokens are the default.
    this.auth = new ClientAuth(options, (apiKey) => this.exchangeToken(apiKey), !platform.webSocketHeaders);
  }

  async request<T>(request: HttpRequest, retryOnUnauthorized = true): Promise<HttpAnswer<T>> {
    const url = new URL(this.baseUrl + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, String(value));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...(await this.auth.headers()), ...request.headers };
    const init: RequestInit = { method: request.method, headers, signal: AbortSignal.timeout(this.timeoutMs) };
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      init.body = this.json.stringify(request.body);
    }
    let response: Response;
    try {
      response = await this.getFetch()(url, init);
    } catch (error) {
      throw new UnavailableError(`could not reach the config service at ${this.baseUrl}: ${describeCause(error)}`, { cause: error });
    }
    if (response.status === 401 && retryOnUnauthorized && this.auth.usesTokens) {
      // An expired or revoked token: one retry with a fresh one.
      await response.body?.cancel();
      this.auth.invalidate();
      return this.request(request, false);
    }
    const accepted = response.ok || (request.accept ?? []).includes(response.status);
    const text = await readText(response, this.baseUrl);
    const body = text === '' ? undefined : parseBody(text, this.json);
    if (!accepted) throw fromProblem(body, response.status);
    return { status: response.status, body: body as T, headers: response.headers };
  }

  async getEntry(namespace: string, key: string, knownVersion?: number): Promise<HttpAnswer<ConfigEntry | undefined>> {
    return this.request<ConfigEntry | undefined>({
      method: 'GET',
      path: `/api/v1/configs/${encodeURIComponent(key)}`,
      query: { namespace },
      accept: [304, 404],
      ...(knownVersion === undefined ? {} : { headers: { 'if-none-match': `"${knownVersion}"` } }),
    });
  }

  /** Every page of a namespace (optionally one prefix). */
  async listAll(namespace: string, prefix?: string): Promise<FullListing> {
    const pages: ListingPage[] = [];
    let revision = Infinity;
    let cursor: string | undefined;
    do {
      const page = await this.listPage(namespace, { limit: 1000, prefix, cursor });
      pages.push({ revision: page.revision, items: page.items });
      revision = Math.min(revision, page.revision);
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
    return { namespace, revision, pages };
  }

  /** One page of a namespace, sorted by key. */
  async listPage(namespace: string, query: { prefix?: string | undefined; limit?: number | undefined; cursor?: string | undefined }): Promise<NamespaceListing> {
    const answer = await this.request<NamespaceListing>({
      method: 'GET',
      path: `/api/v1/configs/namespace/${encodeURIComponent(namespace)}`,
      query: { limit: query.limit, prefix: query.prefix, cursor: query.cursor },
    });
    return answer.body;
  }

  async history(namespace: string, key: string, limit?: number, cursor?: string): Promise<HistoryPage> {
    const answer = await this.request<HistoryPage>({
      method: 'GET',
      path: `/api/v1/configs/${encodeURIComponent(key)}/history`,
      query: { namespace, limit, cursor },
    });
    return answer.body;
  }

  async namespaces(): Promise<NamespaceList> {
    return (await this.request<NamespaceList>({ method: 'GET', path: '/api/v1/namespaces' })).body;
  }

  /** `POST /api/v1/auth/token`, always with the API key itself. */
  async exchangeToken(apiKey: string): Promise<AccessToken> {
    const url = `${this.baseUrl}/api/v1/auth/token`;
    let response: Response;
    try {
      response = await this.getFetch()(url, {
        method: 'POST',
        headers: { accept: 'application/json', 'x-api-key': apiKey },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new UnavailableError(`could not reach the config service at ${this.baseUrl}: ${describeCause(error)}`, { cause: error });
    }
    const text = await readText(response, this.baseUrl);
    const body = text === '' ? undefined : parseBody(text, this.json);
    if (!response.ok) throw fromProblem(body, response.status);
    return body as AccessToken;
  }
}

async function readText(response: Response, baseUrl: string): Promise<string> {
  try {
    return await response.text();
  } catch (error) {
    throw new UnavailableError(`the connection to ${baseUrl} broke while reading a response: ${describeCause(error)}`, { cause: error });
  }
}

function parseBody(text: string, json: JsonCodec): unknown {
  try {
    return json.parse(text);
  } catch {
    return text;
  }
}

/** The innermost useful message (fetch wraps ECONNREFUSED in `TypeError: fetch failed`). */
export function describeCause(error: unknown): string {
  if (isConfigServiceError(error)) return error.message;
  let current: unknown = error;
  let message = 'unknown error';
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message || (current as { code?: string }).code || current.name;
    current = current.cause;
  }
  if (current && typeof current === 'object' && 'code' in current) message = String((current as { code: unknown }).code);
  return message;
}

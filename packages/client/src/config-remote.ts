import { DEFAULT_NAMESPACE, ValidationError } from '@config-service/core';
import type { ConfigEntry, CredentialInfo, HistoryPage, JsonValue, KeySchema, NamespaceListing, NamespaceSummary } from '@config-service/core';
import type { ConfigHttpApi } from './config-http-api';
import type { AccessToken, HistoryOptions, ListOptions, ReadOptions, SetOptions, WriteOptions } from './client-types';
import { ConfigAdmin } from './config-admin';

function preconditionHeaders(ifVersion: number | undefined): Record<string, string> {
  if (ifVersion === undefined) return {};
  return ifVersion === 0 ? { 'if-none-match': '*' } : { 'if-match': `"${ifVersion}"` };
}

/**
 * Writes and admin reads, the same in every mode. Failures are the contract's typed errors:
 * `VersionConflictError` (412, with `currentVersion`), `NotFoundError`, `ForbiddenError`, ...
 */
export class ConfigRemote {
  /** The namespace used when an operation names none. */
  readonly defaultNamespace: string;
  #admin: ConfigAdmin | undefined;

  constructor(
    protected readonly api: ConfigHttpApi,
    defaultNamespace: string = DEFAULT_NAMESPACE,
  ) {
    this.defaultNamespace = defaultNamespace;
  }

  get baseUrl(): string {
    return this.api.baseUrl;
  }

  /**
   * Creates or replaces a value (PUT); with `ifVersion`, only if the key is at that version.
   * @example
   * const entry = await client.set('stripe.timeout_ms', 3500, { namespace: 'payments', ifVersion: 4 });
   */
  async set<T = JsonValue>(key: string, value: T, options: SetOptions = {}): Promise<ConfigEntry<T>> {
    const namespace = options.namespace ?? this.defaultNamespace;
    const body: Record<string, unknown> = { value };
    if (options.metadata !== undefined) body.metadata = options.metadata;
    if (options.secret !== undefined) body.secret = options.secret;
    const answer = await this.api.request<ConfigEntry<T>>({
      method: 'PUT',
      path: `/api/v1/configs/${encodeURIComponent(key)}`,
      query: { namespace },
      body,
      headers: preconditionHeaders(options.ifVersion),
    });
    this.written(answer.body);
    return answer.body;
  }

  /** Deletes a key (its history stays); with `ifVersion`, only if it is at that version. */
  async delete(key: string, options: WriteOptions = {}): Promise<void> {
    const namespace = options.namespace ?? this.defaultNamespace;
    await this.api.request({
      method: 'DELETE',
      path: `/api/v1/configs/${encodeURIComponent(key)}`,
      query: { namespace },
      headers: preconditionHeaders(options.ifVersion),
    });
    await this.deleted(namespace, key);
  }

  /** Makes a new version whose value is that of `version`; restores a deleted key. */
  async rollback(key: string, version: number, options: WriteOptions = {}): Promise<ConfigEntry> {
    const namespace = options.namespace ?? this.defaultNamespace;
    const answer = await this.api.request<ConfigEntry>({
      method: 'POST',
      path: `/api/v1/configs/${encodeURIComponent(key)}/rollback`,
      query: { namespace },
      body: { version },
      headers: preconditionHeaders(options.ifVersion),
    });
    this.written(answer.body);
    return answer.body;
  }

  /** One page of a key's history, newest first; `next_cursor` fetches the next. */
  history(key: string, options: HistoryOptions = {}): Promise<HistoryPage> {
    return this.api.history(options.namespace ?? this.defaultNamespace, key, options.limit, options.cursor);
  }

  /** The namespaces this credential may read. */
  async listNamespaces(): Promise<NamespaceSummary[]> {
    return (await this.api.namespaces()).items;
  }

  /**
   * One page of a namespace's entries, sorted by key, straight from the server; pass
   * `next_cursor` back as `cursor` for the next page.
   * @example
   * const page = await client.list({ namespace: 'payments', prefix: 'stripe.', limit: 50 });
   */
  list(options: ListOptions = {}): Promise<NamespaceListing> {
    return this.api.listPage(options.namespace ?? this.defaultNamespace, options);
  }

  /** The credential this client uses: its name, roles and namespaces (`GET /api/v1/auth/self`). */
  async whoami(): Promise<CredentialInfo> {
    return (await this.api.request<CredentialInfo>({ method: 'GET', path: '/api/v1/auth/self' })).body;
  }

  /**
   * This client's current access token and what is left of its lifetime, renewed first if it is
   * due. Given as another client's `token`, the two share one token: the API key stays with
   * this client, and one exchange serves both.
   * @example
   * const live = createClient({ baseUrl, token: () => session.accessToken(), namespaces: ['web'] });
   */
  accessToken(): Promise<AccessToken> {
    if (!this.api.auth.usesTokens) {
      return Promise.reject(new ValidationError('this client sends its API key as X-API-Key: create it with `useAccessTokens: true` (or `token`) to have access tokens'));
    }
    return this.api.auth.accessToken();
  }

  /** API keys and the audit log (admin role). */
  get admin(): ConfigAdmin {
    this.#admin ??= new ConfigAdmin(this.api);
    return this.#admin;
  }

  /** One entry straight from the server, bypassing any cache; undefined when absent. */
  async fetchEntry(key: string, options: ReadOptions = {}): Promise<ConfigEntry | undefined> {
    const answer = await this.api.getEntry(options.namespace ?? this.defaultNamespace, key);
    return answer.status === 200 ? answer.body : undefined;
  }

  /**
   * A key's JSON Schema straight from the server; undefined when the key has none (a schema
   * may exist before its key does).
   * @example
   * const found = await client.fetchSchema('stripe.timeout_ms', { namespace: 'payments' });
   */
  async fetchSchema(key: string, options: ReadOptions = {}): Promise<KeySchema | undefined> {
    const answer = await this.api.request<KeySchema>({
      method: 'GET',
      path: `/api/v1/configs/${encodeURIComponent(key)}/schema`,
      query: { namespace: options.namespace ?? this.defaultNamespace },
      accept: [404],
    });
    return answer.status === 200 ? answer.body : undefined;
  }

  /** Hook for clients that hold state: an entry this client just wrote. */
  protected written(_entry: ConfigEntry): void {}

  /** Hook for clients that hold state: a key this client just deleted. */
  protected async deleted(_namespace: string, _key: string): Promise<void> {}
}

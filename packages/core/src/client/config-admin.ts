import type { ApiKeyInfo, ApiKeyList, CreatedApiKey, Role } from '../wire/api-key';
import type { AuditEntityType, AuditPage } from '../wire/audit';
import type { ConfigHttpApi } from './config-http-api';

/** What `createApiKey` sends. */
export interface CreateApiKeyInput {
  name: string;
  roles: Role[];
  /** Limits the key to these namespaces. @default every namespace */
  namespaces?: string[] | null;
  /** ISO 8601 time after which the key stops working. @default never */
  expires_at?: string | null;
}

/** Filters and paging of the audit log; every filter is optional. */
export interface AuditQuery {
  entity_type?: AuditEntityType;
  /** `namespace/key` for config, the key id for apikey. */
  entity_id?: string;
  /** The name of the key that acted. */
  user_id?: string;
  action?: string;
  /** ISO 8601: only rows created at or after it. */
  since?: string;
  /** @default 100 */
  limit?: number;
  cursor?: string;
}

/**
 * The admin calls of the contract (API keys and the audit log), for credentials with the
 * `admin` role; others get `ForbiddenError`. Reached as `client.admin`.
 */
export class ConfigAdmin {
  constructor(private readonly api: ConfigHttpApi) {}

  /**
   * Creates an API key; the answer's `key` is shown this once and never again.
   * @example
   * const { key } = await client.admin.createApiKey({ name: 'web-page', roles: ['reader'], namespaces: ['web'] });
   */
  async createApiKey(input: CreateApiKeyInput): Promise<CreatedApiKey> {
    return (await this.api.request<CreatedApiKey>({ method: 'POST', path: '/api/v1/apikeys', body: input })).body;
  }

  /** Every API key: name, roles, a short prefix and `last_used_at`, never the key. */
  async listApiKeys(): Promise<ApiKeyInfo[]> {
    return (await this.api.request<ApiKeyList>({ method: 'GET', path: '/api/v1/apikeys' })).body.items;
  }

  /** Revokes a key: it and every token made from it stop working at once. */
  async revokeApiKey(id: string): Promise<void> {
    await this.api.request({ method: 'DELETE', path: `/api/v1/apikeys/${encodeURIComponent(id)}` });
  }

  /**
   * One page of the audit log, newest first; pass `next_cursor` back as `cursor` for the next.
   * @example
   * const page = await client.admin.audit({ entity_type: 'config', action: 'updated', limit: 50 });
   */
  async audit(query: AuditQuery = {}): Promise<AuditPage> {
    return (await this.api.request<AuditPage>({ method: 'GET', path: '/api/v1/audit', query: { ...query } })).body;
  }
}

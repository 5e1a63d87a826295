import { LRUCache } from 'lru-cache';
import {
  NotFoundError,
  UnauthorizedError,
  type ApiKeyInfo,
  type CreateApiKeyRequest,
  type CreatedApiKey,
} from '@config-service/core';
import type { ApiKeyStore, NewApiKey, StoredApiKey } from '../storage/api-key-store';
import type { Principal } from './access-policy';
import { generateApiKey, hashApiKey, keyPrefix, newKeyId } from './key-material';

export interface ApiKeyServiceOptions {
  /**
   * How long a looked-up key is trusted without asking the database again. Bounds how late a
   * revocation made on another replica is noticed.
   * @default 500
   */
  cacheTtlMs?: number;
  /** @default 10000 */
  lastUsedFlushMs?: number;
  now?: () => Date;
}

export interface BootstrapResult {
  created: boolean;
  /** The generated key, when one was generated (not when the environment gave it). */
  generatedKey?: string;
}

/** API keys: creation, listing, revocation and authentication of a presented key. */
export class ApiKeyService {
  private readonly cache: LRUCache<string, StoredApiKey | false>;
  private readonly lastUsed = new Map<string, Date>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly now: () => Date;

  constructor(
    private readonly store: ApiKeyStore,
    options: ApiKeyServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.cache = new LRUCache({ max: 10_000, ttl: options.cacheTtlMs ?? 500 });
    // last_used_at is kept in memory and written in batches: no database write per request.
    this.flushTimer = setInterval(() => void this.flushLastUsed().catch(() => undefined), options.lastUsedFlushMs ?? 10_000);
    this.flushTimer.unref();
  }

  /** The principal for a presented key; 401 if it is unknown, expired or revoked. */
  async authenticate(presented: string): Promise<Principal> {
    const hash = hashApiKey(presented);
    let stored = this.cache.get(hash);
    if (stored === undefined) {
      stored = (await this.store.findByHash(hash)) ?? false;
      this.cache.set(hash, stored);
    }
    const now = this.now();
    if (!stored || stored.revokedAt) throw new UnauthorizedError('the API key is not valid');
    if (stored.expiresAt && stored.expiresAt <= now) throw new UnauthorizedError('the API key has expired');
    this.lastUsed.set(stored.id, now);
    return { keyId: stored.id, name: stored.name, roles: stored.roles, namespaces: stored.namespaces };
  }

  async create(request: CreateApiKeyRequest): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const stored = await this.store.insert(this.newKey(key, request));
    return { ...toInfoBase(stored), key };
  }

  async list(): Promise<ApiKeyInfo[]> {
    const keys = await this.store.listActive();
    return keys.map((stored) => ({
      ...toInfoBase(stored),
      prefix: stored.keyPrefix,
      last_used_at: toIso(this.lastUsed.get(stored.id) ?? stored.lastUsedAt),
    }));
  }

  async delete(id: string): Promise<void> {
    if (!(await this.store.revoke(id, this.now()))) throw new NotFoundError(`there is no API key ${id}`);
    // This replica stops accepting it at once; others within the cache TTL.
    this.cache.clear();
  }

  /** Makes the first admin key of an empty database. */
  async bootstrapAdmin(configuredKey: string | undefined): Promise<BootstrapResult> {
    const key = configuredKey ?? generateApiKey();
    const created = await this.store.insertIfEmpty(this.newKey(key, { name: 'admin', roles: ['admin'] }));
    return created && !configuredKey ? { created, generatedKey: key } : { created };
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushLastUsed().catch(() => undefined);
  }

  private async flushLastUsed(): Promise<void> {
    if (this.lastUsed.size === 0) return;
    const batch = new Map(this.lastUsed);
    await this.store.touch(batch);
    for (const [id, at] of batch) if (this.lastUsed.get(id) === at) this.lastUsed.delete(id);
  }

  private newKey(key: string, request: CreateApiKeyRequest): NewApiKey {
    return {
      id: newKeyId(),
      name: request.name,
      keyHash: hashApiKey(key),
      keyPrefix: keyPrefix(key),
      roles: [...new Set(request.roles)],
      namespaces: request.namespaces ? [...new Set(request.namespaces)] : null,
      createdAt: this.now(),
      expiresAt: request.expires_at ? new Date(request.expires_at) : null,
    };
  }
}

function toInfoBase(stored: StoredApiKey) {
  return {
    id: stored.id,
    name: stored.name,
    roles: stored.roles,
    namespaces: stored.namespaces,
    created_at: stored.createdAt.toISOString(),
    expires_at: toIso(stored.expiresAt),
  };
}

function toIso(date: Date | null | undefined): string | null {
  return date ? date.toISOString() : null;
}

import { NotFoundError, UnauthorizedError, ValidationError, type ApiKeyInfo, type CreatedApiKey, type Role } from '@config-service/core';
import {
  SYSTEM_ACTOR,
  actorFor,
  apiKeyAudit,
  apiKeyCreatedDetails,
  apiKeyInfo,
  createdApiKey,
  newApiKeyRecord,
  principalOfKey,
  type Actor,
  type ApiKeyRecord,
  type CreateApiKeyRequest,
  type Principal,
} from '@config-service/contract';
import type { AuditLog } from '../audit/audit-log';
import { base64urlText, generateApiKey, newUuid, randomToken } from './random-ids';

/**
 * The mock's admin key when no `apiKeys` option is given. It is public on purpose: the mock is
 * for tests and local development, never for real data.
 */
export const DEFAULT_ADMIN_KEY = 'csk_mock-admin-key-for-tests-only';

/** An API key the mock knows from the start. */
export interface SeedApiKey {
  /** The secret a client sends as `X-API-Key` (at least 16 characters). */
  key: string;
  /** What `updated_by` records for changes made with it. */
  name: string;
  roles: Role[];
  /** Limits the key to these namespaces. @default null (every namespace) */
  namespaces?: string[] | null;
  /** ISO 8601; past it the key gets 401. @default null (never) */
  expires_at?: string | null;
  /** @default a random UUID */
  id?: string;
}

export interface ApiKeyRegistryOptions {
  /** @default () => new Date() */
  now?: () => Date;
  /** Lifetime of access tokens from `POST /api/v1/auth/token`. @default 900 (15 minutes, as the server) */
  tokenTtlSeconds?: number;
  /** Where key events (created, deleted, token_issued) write their audit rows. @default none */
  audit?: AuditLog;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/** What authentication was presented with, however it was carried (header, bearer, query). */
export interface PresentedCredentials {
  apiKey?: string | null | undefined;
  accessToken?: string | null | undefined;
}

/** A key's record (the contract's) and, in a mock, the key itself. */
interface KeyRecord extends ApiKeyRecord {
  key: string;
}

/**
 * API keys and access tokens, in memory: creation (the key shown once), listing (a prefix,
 * never the key), revocation, and turning presented credentials into a Principal. Tokens are
 * JWT-shaped so clients that read `exp` work, but the mock checks them by lookup, not signature.
 */
export class ApiKeyRegistry {
  private readonly keys = new Map<string, KeyRecord>();
  private readonly tokens = new Map<string, { keyId: string; expiresAt: number }>();
  private readonly revokedListeners = new Set<(keyId: string) => void>();
  private readonly now: () => Date;
  private readonly tokenTtlSeconds: number;
  private readonly audit: AuditLog | undefined;

  constructor(options: ApiKeyRegistryOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 900;
    this.audit = options.audit;
  }

  /** Adds a key with a known secret (for seeding); throws on a short or duplicate key. */
  add(seed: SeedApiKey, actor: Actor = SYSTEM_ACTOR): ApiKeyInfo {
    if (typeof seed.key !== 'string' || seed.key.length < 16) {
      throw new ValidationError(`the seeded API key "${seed.name}" must be at least 16 characters long`);
    }
    if (this.findByKey(seed.key)) throw new ValidationError(`the API key of "${seed.name}" is seeded twice`);
    const request = { name: seed.name, roles: seed.roles, namespaces: seed.namespaces ?? null, expires_at: seed.expires_at ?? null };
    const record: KeyRecord = { ...newApiKeyRecord(seed.id ?? newUuid(), seed.key, request, this.now()), key: seed.key };
    this.keys.set(record.id, record);
    this.record(actor, 'created', record.id, apiKeyCreatedDetails(record));
    return apiKeyInfo(record);
  }

  /** `POST /api/v1/apikeys`: a new random key, returned this once. */
  create(request: CreateApiKeyRequest, actor: Actor = SYSTEM_ACTOR): CreatedApiKey {
    const key = generateApiKey();
    const info = this.add({ key, ...request }, actor);
    return createdApiKey(this.keys.get(info.id)!, key);
  }

  /** Active keys, oldest first, without the secret. */
  list(): ApiKeyInfo[] {
    return [...this.keys.values()].map(apiKeyInfo);
  }

  /** Revokes a key and every token made from it; 404 if unknown. */
  delete(id: string, actor: Actor = SYSTEM_ACTOR): void {
    if (!this.keys.delete(id)) throw new NotFoundError(`there is no API key ${id}`);
    this.record(actor, 'deleted', id, {});
    for (const [token, record] of this.tokens) if (record.keyId === id) this.tokens.delete(token);
    for (const listener of [...this.revokedListeners]) listener(id);
  }

  /** Called with the id of every revoked key (open watches of that key are closed with 4001). */
  onRevoked(listener: (keyId: string) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /** The principal for presented credentials; 401 when they are missing, unknown, expired or revoked. */
  authenticate(credentials: PresentedCredentials): Principal {
    if (credentials.apiKey) return this.principalOf(this.activeKey(credentials.apiKey));
    if (credentials.accessToken) {
      const token = this.tokens.get(credentials.accessToken);
      if (!token) throw new UnauthorizedError('the access token is not valid');
      if (token.expiresAt <= this.now().getTime()) throw new UnauthorizedError('the access token has expired');
      const record = this.keys.get(token.keyId);
      if (!record) throw new UnauthorizedError('the access token is not valid');
      return this.principalOf(record);
    }
    throw new UnauthorizedError('send an API key in the X-API-Key header or an access token as Authorization: Bearer');
  }

  /** `POST /api/v1/auth/token`: a short-lived access token for an active key. */
  issueToken(apiKey: string | null | undefined, requestId: string | null = null): IssuedToken {
    const principal = this.authenticate({ apiKey });
    const record = this.keys.get(principal.keyId)!;
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const header = base64urlText(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
    const payload = base64urlText(
      JSON.stringify({ sub: record.name, kid: record.id, iss: 'config-service', aud: 'config-service', iat: issuedAt, exp: issuedAt + this.tokenTtlSeconds, jti: newUuid() }),
    );
    // Not a real signature: the mock recognises its tokens by lookup.
    const accessToken = `${header}.${payload}.${randomToken(32)}`;
    this.tokens.set(accessToken, { keyId: record.id, expiresAt: (issuedAt + this.tokenTtlSeconds) * 1000 });
    this.record(actorFor(principal, requestId), 'token_issued', record.id, { expires_in: this.tokenTtlSeconds });
    return { access_token: accessToken, token_type: 'Bearer', expires_in: this.tokenTtlSeconds };
  }

  /** When an access token stops being valid (epoch ms), or null if it is not one of ours. */
  tokenExpiry(accessToken: string): number | null {
    return this.tokens.get(accessToken)?.expiresAt ?? null;
  }

  /**
   * Forgets every key. A token stays valid only if its key is added again with the same id (as
   * a reset of the mock does with its seeded keys): a server restart does not end sessions either.
   */
  clear(): void {
    this.keys.clear();
  }

  private record(actor: Actor, action: 'created' | 'deleted' | 'token_issued', keyId: string, details: Record<string, unknown>): void {
    this.audit?.append(apiKeyAudit(actor, action, keyId, details, this.now()));
  }

  private activeKey(apiKey: string): KeyRecord {
    const record = this.findByKey(apiKey);
    if (!record) throw new UnauthorizedError('the API key is not valid');
    return record;
  }

  private findByKey(apiKey: string): KeyRecord | undefined {
    for (const record of this.keys.values()) if (record.key === apiKey) return record;
    return undefined;
  }

  private principalOf(record: KeyRecord): Principal {
    const now = this.now();
    const principal = principalOfKey(record, now);
    record.lastUsedAt = now;
    return principal;
  }
}

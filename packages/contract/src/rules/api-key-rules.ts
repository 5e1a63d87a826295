import { UnauthorizedError, type ApiKeyInfo, type CreatedApiKey, type Role } from '@config-service/core';
import type { Principal } from './access-policy';
import type { CreateApiKeyRequest } from '../wire/schemas';

/** An API key as the server and the mock keep it: never the key itself, a prefix to tell it by. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** The first characters of the key (`apiKeyPrefix`). */
  keyPrefix: string;
  roles: Role[];
  namespaces: string[] | null;
  createdAt: Date;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt?: Date | null;
}

/** The most leading characters of a key listings show, so a person can tell keys apart. */
export const API_KEY_PREFIX_LENGTH = 12;

/**
 * The leading characters of `key` that a listing shows: at most API_KEY_PREFIX_LENGTH, and never
 * more than a quarter of the key, so the rest still carries most of its secret.
 */
export function apiKeyPrefix(key: string): string {
  return key.slice(0, Math.min(API_KEY_PREFIX_LENGTH, Math.floor(key.length / 4)));
}

/**
 * Whether a presented string could be an API key at all: keys are 16 to 512 visible ASCII
 * characters (configured admin keys are at least 16; generated ones 47). Anything else is
 * refused without a lookup.
 */
export function isWellFormedApiKey(presented: string): boolean {
  return /^[\x21-\x7e]{16,512}$/.test(presented);
}

/** The fields of a new key from its request: roles and namespaces without repeats, the expiry as a date. */
export function newApiKeyRecord(id: string, key: string, request: CreateApiKeyRequest, now: Date): ApiKeyRecord {
  return {
    id,
    name: request.name,
    keyPrefix: apiKeyPrefix(key),
    roles: [...new Set(request.roles)],
    namespaces: request.namespaces ? [...new Set(request.namespaces)] : null,
    createdAt: now,
    expiresAt: request.expires_at ? new Date(request.expires_at) : null,
    lastUsedAt: null,
  };
}

/** The principal a key stands for; 401 once it is revoked or past its expiry. */
export function principalOfKey(record: ApiKeyRecord, now: Date, refusal = 'the API key is not valid'): Principal {
  if (record.revokedAt) throw new UnauthorizedError(refusal);
  if (record.expiresAt && record.expiresAt <= now) throw new UnauthorizedError('the API key has expired');
  return { keyId: record.id, name: record.name, roles: record.roles, namespaces: record.namespaces };
}

/** A key as listings show it. */
export function apiKeyInfo(record: ApiKeyRecord): ApiKeyInfo {
  return {
    id: record.id,
    name: record.name,
    roles: record.roles,
    namespaces: record.namespaces,
    prefix: record.keyPrefix,
    created_at: record.createdAt.toISOString(),
    expires_at: record.expiresAt?.toISOString() ?? null,
    last_used_at: record.lastUsedAt?.toISOString() ?? null,
  };
}

/** What the audit row of a key's creation records. */
export function apiKeyCreatedDetails(record: ApiKeyRecord): Record<string, unknown> {
  return { name: record.name, roles: record.roles, namespaces: record.namespaces, prefix: record.keyPrefix };
}

/** The answer to creating a key: the only time the key itself is shown. */
export function createdApiKey(record: ApiKeyRecord, key: string): CreatedApiKey {
  const { prefix: _prefix, last_used_at: _lastUsed, ...info } = apiKeyInfo(record);
  return { ...info, key };
}

export type Role = 'reader' | 'writer' | 'admin';
export const ROLES: readonly Role[] = ['reader', 'writer', 'admin'];

/** An API key as listed: never the key itself. */
export interface ApiKeyInfo {
  id: string;
  name: string;
  roles: Role[];
  /** null: every namespace. */
  namespaces: string[] | null;
  /** The first characters of the key, to recognise it. */
  prefix: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
}

/** The answer to creating a key: the only time `key` is shown. */
export interface CreatedApiKey {
  id: string;
  name: string;
  roles: Role[];
  namespaces: string[] | null;
  created_at: string;
  expires_at: string | null;
  key: string;
}

export interface ApiKeyList {
  items: ApiKeyInfo[];
}

/** Whether `roles` grant what `needed` requires: admin ⊃ writer ⊃ reader. */
export function rolesAllow(roles: readonly Role[], needed: Role): boolean {
  const rank: Record<Role, number> = { reader: 1, writer: 2, admin: 3 };
  return roles.some((role) => rank[role] >= rank[needed]);
}

/** The caller's own credential, as `GET /api/v1/auth/self` describes it: never the key itself. */
export interface CredentialInfo {
  /** The API key's id (a token's key). */
  id: string;
  name: string;
  roles: Role[];
  /** null: every namespace. */
  namespaces: string[] | null;
}

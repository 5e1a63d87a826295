import { ForbiddenError, rolesAllow, type Role } from '@config-service/core';

/** Who is calling, as established by authentication. */
export interface Principal {
  keyId: string;
  /** The key's name: what `updated_by` and audit rows record. */
  name: string;
  roles: Role[];
  /** null: every namespace. */
  namespaces: string[] | null;
}

/** Who makes a change, and in which request: what history, audit and logs record. */
export interface Actor {
  /** The API key's name (a token's `sub`): `updated_by` and the audit `user_id`. */
  name: string;
  keyId: string;
  requestId: string | null;
}

export function actorFor(principal: Principal, requestId: string | null): Actor {
  return { name: principal.name, keyId: principal.keyId, requestId };
}

/**
 * Changes nobody requested: the server's first admin key and CLI commands, the mock's seeding
 * and tests writing to its store.
 */
export const SYSTEM_ACTOR: Actor = { name: 'system', keyId: 'system', requestId: null };

export function canAccessNamespace(principal: Principal, namespace: string): boolean {
  return principal.namespaces === null || principal.namespaces.includes(namespace);
}

/** Throws 403 unless the principal has `role` (and, when given, may touch `namespace`). */
export function assertAllowed(principal: Principal, role: Role, namespace?: string): void {
  if (!rolesAllow(principal.roles, role)) {
    throw new ForbiddenError(`this needs the ${role} role; the key "${principal.name}" has ${principal.roles.join(', ')}`);
  }
  if (namespace !== undefined && !canAccessNamespace(principal, namespace)) {
    throw new ForbiddenError(`the key "${principal.name}" may not use the namespace "${namespace}"`);
  }
}

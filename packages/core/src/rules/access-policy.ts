import { ForbiddenError } from '../errors/errors';
import { rolesAllow, type Role } from '../wire/api-key';

/** Who is calling, as established by authentication. */
export interface Principal {
  keyId: string;
  /** The key's name: what `updated_by` and audit rows record. */
  name: string;
  roles: Role[];
  /** null: every namespace. */
  namespaces: string[] | null;
}

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


import { type Principal } from '@config-service/core';
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

/** The server itself, for changes nobody requested (the first admin key, CLI commands). */
export const SYSTEM_ACTOR: Actor = { name: 'system', keyId: 'system', requestId: null };

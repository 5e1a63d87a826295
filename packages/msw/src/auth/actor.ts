
import { type Principal } from '@config-service/core';
/** Who makes a change, and in which request: what history and the audit log record. */
export interface Actor {
  /** The API key's name: `updated_by` and the audit `user_id`. */
  name: string;
  keyId: string;
  requestId: string | null;
}

/** The mock itself, for changes no request made (seeding, tests writing to the store). */
export const SYSTEM_ACTOR: Actor = { name: 'system', keyId: 'system', requestId: null };

export function actorFor(principal: Principal, requestId: string | null): Actor {
  return { name: principal.name, keyId: principal.keyId, requestId };
}

/** A bare name (as tests pass it to the store) is an actor without a key or a request. */
export function toActor(actor: string | Actor): Actor {
  return typeof actor === 'string' ? { name: actor, keyId: SYSTEM_ACTOR.keyId, requestId: null } : actor;
}

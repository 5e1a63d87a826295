import type { CommittedChange } from '../engine/change-feed';
import { plainValueCodec, type ValueCodec } from '../engine/value-codec';

const q = JSON.stringify;

/**
 * The `change` frame of a committed change, written as text with the value's JSON spliced in
 * unparsed (numbers keep every digit). A secret's value is opened here, for readers only.
 */
export function changeEventJson(change: CommittedChange, codec: ValueCodec = plainValueCodec): string {
  const value = change.valueJson === null ? 'null' : codec.open(change.valueJson, change.secret);
  return (
    `{"type":"change","revision":${change.revision},"action":${q(change.action)},"namespace":${q(change.namespace)},` +
    `"key":${q(change.key)},"version":${change.version},"value":${value},"secret":${change.secret},` +
    `"updated_by":${q(change.actor)},"updated_at":${q(change.at.toISOString())}}`
  );
}

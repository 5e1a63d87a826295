import { create } from 'jsondiffpatch';
import { format } from 'jsondiffpatch/formatters/html';
import 'jsondiffpatch/formatters/styles/html.css';
import type { JsonValue } from '../session/sdk';

// Arrays of objects are matched by `id` or `key` when they have one, else by position.
const differ = create({
  objectHash: (item: object, index?: number) => {
    const record = item as Record<string, unknown>;
    return String(record.id ?? record.key ?? `$$index:${index}`);
  },
});

export interface JsonDiffProps {
  left: JsonValue | undefined;
  right: JsonValue | undefined;
  /** Read aloud before the diff, e.g. "Changes from version 2 to version 4". */
  label: string;
}

/** A side-by-side-in-one view: removed in red, added in green, unchanged parts folded. */
export default function JsonDiff({ left, right, label }: JsonDiffProps) {
  const delta = differ.diff(left ?? null, right ?? null);
  return (
    <figure className="json-diff" aria-label={label} data-testid="json-diff">
      {delta === undefined ? (
        <p className="muted">No differences.</p>
      ) : (
        // The HTML formatter escapes every value it prints.
        <div dangerouslySetInnerHTML={{ __html: format(delta, left ?? null) ?? '' }} />
      )}
    </figure>
  );
}

/**
 * Your edits (base → mine) applied on top of what the server has now (theirs). Undefined when
 * the two sets of edits are not independent: applied in either order they must give the same
 * value, else a change of theirs would be silently replaced by one of yours.
 */
export function mergeEdits(base: JsonValue, mine: JsonValue, theirs: JsonValue): JsonValue | undefined {
  const myEdits = differ.diff(base, mine);
  const theirEdits = differ.diff(base, theirs);
  if (myEdits === undefined) return theirs;
  if (theirEdits === undefined) return mine;
  try {
    const mineOnTheirs = differ.patch(structuredClone(theirs), myEdits) as JsonValue;
    const theirsOnMine = differ.patch(structuredClone(mine), theirEdits) as JsonValue;
    return differ.diff(mineOnTheirs, theirsOnMine) === undefined ? mineOnTheirs : undefined;
  } catch {
    return undefined;
  }
}

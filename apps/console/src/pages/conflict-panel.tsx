import { useState } from 'react';
import { JsonDiff, mergeEdits } from '../components/lazy';
import type { ConfigEntry, JsonValue } from '../session/sdk';

interface ConflictPanelProps {
  base: { version: number; value: JsonValue };
  mine: JsonValue;
  /** What the server has now; undefined when the key was deleted meanwhile. */
  current: ConfigEntry | undefined;
  busy: boolean;
  onOverwrite(version: number): void;
  onMerged(merged: JsonValue, current: ConfigEntry): void;
  onCancel(): void;
}

/** The answer to a 412: what changed since the edit began, and the two ways on. */
export function ConflictPanel({ base, mine, current, busy, onOverwrite, onMerged, onCancel }: ConflictPanelProps) {
  const [mergeError, setMergeError] = useState<string>();
  return (
    <section className="card conflict" role="alert" aria-labelledby="conflict-title" data-testid="conflict">
      <h2 id="conflict-title">Someone saved this key while you were editing</h2>
      {current ? (
        <>
          <p>
            Your edit started from version {base.version}; the server now has version {current.version}, saved by {current.updated_by}. What changed meanwhile:
          </p>
          <JsonDiff left={base.value} right={current.value} label={`Changes from version ${base.version} to version ${current.version}`} />
          <p>Your edits:</p>
          <JsonDiff left={base.value} right={mine} label="Your edits" />
          {mergeError && <p className="note note-error">{mergeError}</p>}
          <div className="actions">
            <button type="button" onClick={onCancel}>
              Keep editing
            </button>
            <button
              type="button"
              onClick={async () => {
                const merged = await mergeEdits(base.value, mine, current.value);
                if (merged === undefined) setMergeError('Your edits and theirs touch the same places: merge them by hand, or overwrite.');
                else onMerged(merged, current);
              }}
            >
              Merge: apply my edits to theirs
            </button>
            <button type="button" className="button-danger" disabled={busy} onClick={() => onOverwrite(current.version)}>
              Overwrite with mine
            </button>
          </div>
        </>
      ) : (
        <>
          <p>The key was deleted meanwhile. You can create it again with your value.</p>
          <div className="actions">
            <button type="button" onClick={onCancel}>
              Keep editing
            </button>
            <button type="button" className="button-primary" disabled={busy} onClick={() => onOverwrite(0)}>
              Create it again with mine
            </button>
          </div>
        </>
      )}
    </section>
  );
}

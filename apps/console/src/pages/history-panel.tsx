import { useCallback, useEffect, useState } from 'react';
import { useConfigClient } from '@config-service/react';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorNote } from '../components/error-note';
import { JsonDiff } from '../components/lazy';
import { TimeAgo } from '../components/time-ago';
import type { ConfigEntry, HistoryItem } from '../session/sdk';
import { useSession } from '../session/session-context';

const PAGE_SIZE = 50;

interface HistoryPanelProps {
  namespace: string;
  entryKey: string;
  /** The live entry; undefined when the key is deleted. */
  current: ConfigEntry | undefined;
}

/** Every version, newest first; a diff between any two; rollback with a preview of the result. */
export function HistoryPanel({ namespace, entryKey, current }: HistoryPanelProps) {
  const session = useSession();
  const client = useConfigClient();
  const [items, setItems] = useState<HistoryItem[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>();
  const [from, setFrom] = useState<number>();
  const [to, setTo] = useState<number>();
  const [rollbackTo, setRollbackTo] = useState<HistoryItem | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string>();

  const load = useCallback(async () => {
    try {
      const page = await client.history(entryKey, { namespace, limit: PAGE_SIZE });
      setItems(page.items);
      setNext(page.next_cursor);
      setError(undefined);
      // Start with the newest change: the previous version against the latest.
      setTo((value) => value ?? page.items[0]?.version);
      setFrom((value) => value ?? page.items[1]?.version ?? page.items[0]?.version);
    } catch (failure) {
      setError(failure);
    }
  }, [client, entryKey, namespace]);
  // Reloaded whenever the key changes, here or elsewhere.
  useEffect(() => void load(), [load, current?.version]);

  async function older() {
    if (!next) return;
    try {
      const page = await client.history(entryKey, { namespace, limit: PAGE_SIZE, cursor: next });
      setItems((list) => [...list, ...page.items]);
      setNext(page.next_cursor);
    } catch (failure) {
      setError(failure);
    }
  }

  async function rollback(item: HistoryItem) {
    setBusy(true);
    try {
      const entry = await client.rollback(entryKey, item.version, { namespace, ...(current ? { ifVersion: current.version } : {}) });
      setDone(`Rolled back: version ${entry.version} has the value of version ${item.version}.`);
      setRollbackTo(null);
      setTo(entry.version);
      setFrom(item.version);
    } catch (failure) {
      setError(failure);
      setRollbackTo(null);
    } finally {
      setBusy(false);
    }
  }

  const fromItem = items.find((item) => item.version === from);
  const toItem = items.find((item) => item.version === to);
  return (
    <div className="stack">
      <ErrorNote error={error} onRetry={() => void load()} />
      {done && (
        <p className="note note-ok" role="status">
          {done}
        </p>
      )}
      <table className="table" data-testid="history-table">
        <caption className="visually-hidden">Versions of {entryKey}, newest first</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Version
            </th>
            <th scope="col">Action</th>
            <th scope="col">By</th>
            <th scope="col">When</th>
            <th scope="col">Compare</th>
            {session.canWrite && <th scope="col">Rollback</th>}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.version} data-version={item.version}>
              <td className="num">{item.version}</td>
              <td>
                <span className={`badge action-${item.action}`}>{item.action.replace('_', ' ')}</span>
              </td>
              <td>{item.created_by}</td>
              <td>
                <TimeAgo iso={item.created_at} />
              </td>
              <td className="compare">
                <label>
                  <input type="radio" name="diff-from" checked={from === item.version} onChange={() => setFrom(item.version)} /> from
                  <span className="visually-hidden"> version {item.version}</span>
                </label>
                <label>
                  <input type="radio" name="diff-to" checked={to === item.version} onChange={() => setTo(item.version)} /> to
                  <span className="visually-hidden"> version {item.version}</span>
                </label>
              </td>
              {session.canWrite && (
                <td>
                  {item.action !== 'deleted' && item.version !== current?.version && (
                    <button type="button" className="button-small" onClick={() => setRollbackTo(item)}>
                      Roll back to v{item.version}…
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {next && (
        <button type="button" onClick={() => void older()}>
          Load older versions
        </button>
      )}
      {fromItem && toItem && (
        <section aria-labelledby="diff-title">
          <h2 id="diff-title">
            Version {fromItem.version} → version {toItem.version}
          </h2>
          <JsonDiff left={fromItem.value} right={toItem.value} label={`Changes from version ${fromItem.version} to version ${toItem.version}`} />
        </section>
      )}
      {rollbackTo && (
        <ConfirmDialog
          title={`Roll back ${entryKey} to version ${rollbackTo.version}?`}
          confirmLabel={`Roll back to v${rollbackTo.version}`}
          busy={busy}
          onCancel={() => setRollbackTo(null)}
          onConfirm={() => void rollback(rollbackTo)}
        >
          <p>
            This makes version {(items[0]?.version ?? 0) + 1} with the value of version {rollbackTo.version}. The result, against the current value:
          </p>
          <JsonDiff left={current?.value} right={rollbackTo.value} label="Preview of the rollback" />
        </ConfirmDialog>
      )}
    </div>
  );
}

import { useEffect, useState } from 'react';
import { useConfig, useConfigClient } from '@config-service/react';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorNote } from '../components/error-note';
import { JsonDiff, JsonEditor } from '../components/lazy';
import { TimeAgo } from '../components/time-ago';
import { hrefOf, navigate } from '../routing';
import { isConfigServiceError, VersionConflictError, type ConfigEntry, type JsonValue } from '../session/sdk';
import { useSession } from '../session/session-context';
import { describeIssues } from '../schema/schema-issue';
import { schemaRefusal } from '../schema/schema-refusal';
import { useKeySchema } from '../schema/use-key-schema';
import { useSchemaIssues } from '../schema/use-schema-issues';
import { ConflictPanel } from './conflict-panel';
import { HistoryPanel } from './history-panel';
import { LiveBadge } from './namespace-scope';
import { parseJson } from './value-preview';

interface EntryPageProps {
  namespace: string;
  entryKey: string;
  tab: 'edit' | 'history';
}

/** The text the editor starts from for a value. */
export function textOf(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'null';
}

/**
 * One key: its value in the editor (writers) or read-only (readers), kept current by the
 * watch; saving is conditional on the version the edit started from.
 */
export function EntryPage({ namespace, entryKey, tab }: EntryPageProps) {
  const client = useConfigClient();
  // Subscribes this page to the key: it re-renders on every change, from anywhere.
  useConfig(entryKey, undefined, { namespace });
  const live = client.getEntry(entryKey, { namespace });
  const [revealed, setRevealed] = useState(false);

  return (
    <section className="page">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href={hrefOf({ page: 'namespaces' })}>Namespaces</a> / <a href={hrefOf({ page: 'keys', namespace })}>{namespace}</a> /{' '}
        <span aria-current="page">{entryKey}</span>
      </nav>
      <div className="page-head">
        <h1 className="mono">{entryKey}</h1>
        {live?.secret && <span className="badge badge-secret">secret</span>}
        <LiveBadge />
      </div>
      {live && (
        <p className="meta" data-testid="entry-meta">
          Version <strong data-testid="entry-version">{live.version}</strong> · changed by {live.updated_by} <TimeAgo iso={live.updated_at} />
        </p>
      )}
      <div className="tabs" role="navigation" aria-label="Key views">
        <a href={hrefOf({ page: 'entry', namespace, key: entryKey, tab: 'edit' })} aria-current={tab === 'edit' ? 'page' : undefined}>
          Value
        </a>
        <a href={hrefOf({ page: 'entry', namespace, key: entryKey, tab: 'history' })} aria-current={tab === 'history' ? 'page' : undefined}>
          History
        </a>
      </div>
      {live?.secret && !revealed ? (
        <div className="card secret-mask">
          <p>
            <code aria-label="masked value">••••••••</code>
          </p>
          <p className="muted">This value is secret. It is shown only when you ask, and hidden again when you leave.</p>
          <button type="button" onClick={() => setRevealed(true)}>
            Reveal value
          </button>
        </div>
      ) : tab === 'history' ? (
        <HistoryPanel namespace={namespace} entryKey={entryKey} current={live} />
      ) : live ? (
        <ValueEditor namespace={namespace} entry={live} key={`${namespace}/${entryKey}`} />
      ) : (
        <div className="empty">
          <p>This key does not exist (or was deleted).</p>
          <p className="muted">
            Its <a href={hrefOf({ page: 'entry', namespace, key: entryKey, tab: 'history' })}>history</a> is kept: a writer can restore a version from there.
          </p>
        </div>
      )}
    </section>
  );
}

interface Base {
  version: number;
  value: JsonValue;
}

function ValueEditor({ namespace, entry }: { namespace: string; entry: ConfigEntry }) {
  const session = useSession();
  const client = useConfigClient();
  const [base, setBase] = useState<Base>({ version: entry.version, value: entry.value });
  const [text, setText] = useState(() => textOf(entry.value));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState<number>();
  const [conflict, setConflict] = useState<{ mine: JsonValue; current: ConfigEntry | undefined } | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [showRemote, setShowRemote] = useState(false);
  const dirty = text !== textOf(base.value);
  const parsed = parseJson(text);
  const changedElsewhere = entry.version !== base.version;
  const [schema, reloadSchema] = useKeySchema(namespace, entry.key);
  const issues = useSchemaIssues(schema, text);

  // A change from elsewhere: shown at once when nothing is being edited, else announced.
  useEffect(() => {
    if (entry.version !== base.version && !dirty) {
      setBase({ version: entry.version, value: entry.value });
      setText(textOf(entry.value));
    }
  }, [entry, base.version, dirty]);

  async function save(value: JsonValue, ifVersion: number) {
    setSaving(true);
    setError(undefined);
    try {
      const refusal = await schemaRefusal(schema, value);
      if (refusal) return setError(refusal);
      const result = await client.set(entry.key, value, { namespace, ifVersion });
      setBase({ version: result.version, value: result.value });
      setText(textOf(result.value));
      setSaved(result.version);
      setConflict(null);
    } catch (failure) {
      if (failure instanceof VersionConflictError || (failure as { code?: string }).code === 'version_conflict') {
        setConflict({ mine: value, current: await client.fetchEntry(entry.key, { namespace }) });
      } else {
        setError(failure);
        // Refused by the server for the schema: it may have changed since it was read.
        if (isConfigServiceError(failure) && failure.code === 'validation_failed') reloadSchema();
      }
    } finally {
      setSaving(false);
    }
  }

  const onSave = () => {
    if (parsed.ok && dirty && !saving && session.canWrite) void save(parsed.value as JsonValue, base.version);
  };

  return (
    <div className="stack">
      {changedElsewhere && dirty && (
        <div className="note note-warning" role="alert" data-testid="changed-elsewhere">
          <span>
            Someone changed this key to version {entry.version} ({entry.updated_by}) while you were editing. Saving now will show what changed and let you merge
            or overwrite.
          </span>
          <button type="button" className="button-link" onClick={() => setShowRemote((shown) => !shown)}>
            {showRemote ? 'Hide their changes' : 'Show their changes'}
          </button>
          <button
            type="button"
            className="button-link"
            onClick={() => {
              setBase({ version: entry.version, value: entry.value });
              setText(textOf(entry.value));
            }}
          >
            Discard my edits and load theirs
          </button>
        </div>
      )}
      {changedElsewhere && dirty && showRemote && <JsonDiff left={base.value} right={entry.value} label={`Changes from version ${base.version} to ${entry.version}`} />}
      <span className="label" id="value-label">
        Value {session.canWrite ? '(JSON; Ctrl+S saves)' : '(read only)'}
      </span>
      <JsonEditor value={text} onChange={setText} onSave={onSave} label={`Value of ${entry.key}`} readOnly={!session.canWrite} schema={schema?.schema as object | undefined} />
      {schema && (
        <p className="hint" data-testid="schema-note">
          This key has a JSON Schema (version {schema.version}): {session.canWrite ? 'Ctrl+Space offers its fields, and a value that breaks it is marked and not saved.' : 'every value is checked against it.'}
        </p>
      )}
      {!parsed.ok && (
        <p className="hint hint-error" role="status">
          {parsed.message}
        </p>
      )}
      {issues && issues.length > 0 && (
        <p className="hint hint-error" role="status" data-testid="schema-issues">
          Does not match the key's schema: {describeIssues(issues)}
        </p>
      )}
      <ErrorNote error={error} />
      {saved !== undefined && !dirty && (
        <p className="note note-ok" role="status">
          Saved as version {saved}.
        </p>
      )}
      {conflict && (
        <ConflictPanel
          base={base}
          mine={conflict.mine}
          current={conflict.current}
          busy={saving}
          onOverwrite={(version) => void save(conflict.mine, version)}
          onMerged={(merged, current) => {
            setBase({ version: current.version, value: current.value });
            setText(textOf(merged));
            setConflict(null);
          }}
          onCancel={() => setConflict(null)}
        />
      )}
      {session.canWrite && (
        <div className="actions">
          <button type="button" className="button-danger-quiet" onClick={() => setDeleting(true)}>
            Delete key…
          </button>
          <button type="button" disabled={!dirty} onClick={() => setText(textOf(base.value))}>
            Revert
          </button>
          <button type="button" className="button-primary" disabled={!dirty || !parsed.ok || (issues?.length ?? 0) > 0 || saving} onClick={onSave}>
            {saving ? 'Saving…' : 'Save'}
          </button>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${entry.key}?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setDeleting(false)}
          onConfirm={() => {
            client.delete(entry.key, { namespace, ifVersion: base.version }).then(
              () => navigate({ page: 'keys', namespace }),
              (failure: unknown) => {
                setDeleting(false);
                setError(failure);
              },
            );
          }}
        >
          <p>
            Clients stop seeing <code>{entry.key}</code> in {namespace} at once. Its history is kept, so it can be restored from there.
          </p>
        </ConfirmDialog>
      )}
    </div>
  );
}

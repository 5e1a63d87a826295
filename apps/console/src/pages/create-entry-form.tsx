import { useEffect, useState, type FormEvent } from 'react';
import { useConfigClient } from '@config-service/react';
import { ErrorNote } from '../components/error-note';
import { JsonEditor } from '../components/lazy';
import { navigate } from '../routing';
import { isConfigServiceError } from '../session/sdk';
import { describeIssues } from '../schema/schema-issue';
import { schemaRefusal } from '../schema/schema-refusal';
import { useKeySchema } from '../schema/use-key-schema';
import { useSchemaIssues } from '../schema/use-schema-issues';
import { parseJson } from './value-preview';

const KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** A new key: create-only (`If-None-Match: *`), so an existing key is never overwritten here. */
export function CreateEntryForm({ namespace, onDone }: { namespace: string; onDone(): void }) {
  const client = useConfigClient();
  const [key, setKey] = useState('');
  const [text, setText] = useState('{\n  \n}');
  const [secret, setSecret] = useState(false);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const parsed = parseJson(text);
  const keyProblem = key !== '' && !KEY_PATTERN.test(key) ? 'Letters, digits, ".", "_" and "-", starting with a letter or digit.' : undefined;
  // A schema may exist before its key: looked up once the name has stopped changing.
  const [typedKey, setTypedKey] = useState<string>();
  useEffect(() => {
    const timer = setTimeout(() => setTypedKey(KEY_PATTERN.test(key) ? key : undefined), 300);
    return () => clearTimeout(timer);
  }, [key]);
  const [lookedUp] = useKeySchema(namespace, typedKey);
  // The schema of the key as typed now (none while the name is still changing).
  const schema = typedKey === key ? lookedUp : undefined;
  const issues = useSchemaIssues(schema, text);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!parsed.ok) return;
    setBusy(true);
    setError(undefined);
    try {
      const refusal = await schemaRefusal(typedKey === key ? schema : await client.fetchSchema(key, { namespace }), parsed.value);
      if (refusal) {
        setError(refusal);
        setBusy(false);
        return;
      }
      await client.set(key, parsed.value, { namespace, ifVersion: 0, secret });
      onDone();
      navigate({ page: 'entry', namespace, key, tab: 'edit' });
    } catch (failure) {
      setError(isConfigServiceError(failure) && failure.status === 412 ? new Error(`“${key}” already exists: open it from the table to edit it.`) : failure);
      setBusy(false);
    }
  }

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">New key in {namespace}</h2>
      <label htmlFor="new-key">Key</label>
      <input id="new-key" value={key} required autoFocus onChange={(event) => setKey(event.target.value)} aria-invalid={keyProblem !== undefined} aria-describedby="new-key-help" />
      <p id="new-key-help" className="hint">
        {keyProblem ?? 'For example stripe.timeout_ms'}
      </p>
      <span className="label" id="new-value-label">
        Value (JSON)
      </span>
      <JsonEditor value={text} onChange={setText} label="Value (JSON)" onSave={() => undefined} schema={schema?.schema as object | undefined} />
      {schema && (
        <p className="hint" data-testid="schema-note">
          {key} has a JSON Schema (version {schema.version}): Ctrl+Space offers its fields, and a value that breaks it is marked and not saved.
        </p>
      )}
      {!parsed.ok && <p className="hint hint-error">{parsed.message}</p>}
      {issues && issues.length > 0 && (
        <p className="hint hint-error" role="status" data-testid="schema-issues">
          Does not match the key's schema: {describeIssues(issues)}
        </p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={secret} onChange={(event) => setSecret(event.target.checked)} /> Secret (encrypted at rest, masked in the console)
      </label>
      <ErrorNote error={error} />
      <div className="actions">
        <button type="button" onClick={onDone}>
          Cancel
        </button>
        <button type="submit" className="button-primary" disabled={busy || !parsed.ok || (issues?.length ?? 0) > 0 || key === '' || keyProblem !== undefined}>
          Create key
        </button>
      </div>
    </form>
  );
}

import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ConfirmDialog } from '../components/confirm-dialog';
import { ErrorNote } from '../components/error-note';
import { TimeAgo } from '../components/time-ago';
import type { ApiKeyInfo, CreatedApiKey, Role } from '../session/sdk';
import { useSession } from '../session/session-context';

export function ApiKeysPage() {
  const { client } = useSession();
  const [keys, setKeys] = useState<ApiKeyInfo[] | null>(null);
  const [error, setError] = useState<unknown>();
  const [created, setCreated] = useState<CreatedApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKeyInfo | null>(null);

  const load = useCallback(() => {
    client.admin.listApiKeys().then((items) => {
      setKeys(items);
      setError(undefined);
    }, setError);
  }, [client]);
  useEffect(load, [load]);

  return (
    <section className="page">
      <h1>API keys</h1>
      <CreateKeyForm
        onCreated={(key) => {
          setCreated(key);
          load();
        }}
      />
      {created && <NewKeyNotice created={created} onDismiss={() => setCreated(null)} />}
      <ErrorNote error={error} onRetry={load} />
      {keys && (
        <table className="table" data-testid="apikeys-table">
          <caption className="visually-hidden">API keys</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Roles</th>
              <th scope="col">Namespaces</th>
              <th scope="col">Starts with</th>
              <th scope="col">Last used</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((key) => (
              <tr key={key.id} data-key-name={key.name}>
                <td>{key.name}</td>
                <td>{key.roles.join(', ')}</td>
                <td>{key.namespaces?.join(', ') ?? <span className="muted">all</span>}</td>
                <td>
                  <code>{key.prefix}…</code>
                </td>
                <td>
                  <TimeAgo iso={key.last_used_at} />
                </td>
                <td>{key.expires_at ? <TimeAgo iso={key.expires_at} /> : <span className="muted">never</span>}</td>
                <td>
                  <button type="button" className="button-small button-danger-quiet" onClick={() => setRevoking(key)} aria-label={`Revoke ${key.name}`}>
                    Revoke…
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke ${revoking.name}?`}
          confirmLabel="Revoke"
          danger
          onCancel={() => setRevoking(null)}
          onConfirm={() => {
            client.admin.revokeApiKey(revoking.id).then(
              () => {
                setRevoking(null);
                load();
              },
              (failure: unknown) => {
                setRevoking(null);
                setError(failure);
              },
            );
          }}
        >
          <p>The key and every access token made from it stop working within a second, on every replica. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated(key: CreatedApiKey): void }) {
  const { client } = useSession();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('reader');
  const [namespaces, setNamespaces] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const list = namespaces
      .split(',')
      .map((ns) => ns.trim())
      .filter(Boolean);
    try {
      onCreated(await client.admin.createApiKey({ name: name.trim(), roles: [role], namespaces: list.length > 0 ? list : null }));
      setName('');
      setNamespaces('');
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="card form-grid" onSubmit={submit} aria-labelledby="new-key-title">
      <h2 id="new-key-title">New API key</h2>
      <label htmlFor="key-name">Name</label>
      <input id="key-name" required value={name} onChange={(event) => setName(event.target.value)} placeholder="deployer" />
      <label htmlFor="key-role">Role</label>
      <select id="key-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
        <option value="reader">reader: read and watch</option>
        <option value="writer">writer: also create, edit, delete, roll back</option>
        <option value="admin">admin: also API keys and audit</option>
      </select>
      <label htmlFor="key-namespaces">Namespaces</label>
      <input id="key-namespaces" value={namespaces} onChange={(event) => setNamespaces(event.target.value)} placeholder="all (or: payments, web)" aria-describedby="key-namespaces-help" />
      <p id="key-namespaces-help" className="hint span-2">
        Comma-separated; empty means every namespace.
      </p>
      <ErrorNote error={error} />
      <div className="actions span-2">
        <button type="submit" className="button-primary" disabled={busy || name.trim() === ''}>
          Create key
        </button>
      </div>
    </form>
  );
}

function NewKeyNotice({ created, onDismiss }: { created: CreatedApiKey; onDismiss(): void }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="card new-key" role="status" data-testid="new-key">
      <p>
        <strong>Copy the key of {created.name} now:</strong> it is shown only this once and cannot be read again.
      </p>
      <div className="copy-row">
        <code data-testid="new-key-value">{created.key}</code>
        <button
          type="button"
          onClick={() => {
            void navigator.clipboard?.writeText(created.key).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="button-quiet" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}

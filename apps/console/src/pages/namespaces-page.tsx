import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/error-note';
import { TimeAgo } from '../components/time-ago';
import { hrefOf, navigate } from '../routing';
import type { NamespaceSummary } from '../session/sdk';
import { useSession } from '../session/session-context';

const NAMESPACE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function NamespacesPage() {
  const session = useSession();
  const [items, setItems] = useState<NamespaceSummary[] | null>(null);
  const [error, setError] = useState<unknown>();
  const [name, setName] = useState('');

  const load = useCallback(() => {
    setError(undefined);
    session.client.listNamespaces().then(setItems, setError);
  }, [session]);
  useEffect(load, [load]);

  function open(event: FormEvent) {
    event.preventDefault();
    navigate({ page: 'keys', namespace: name.trim() });
  }

  const invalid = name !== '' && !NAMESPACE_PATTERN.test(name.trim());
  return (
    <section className="page">
      <h1>Namespaces</h1>
      <ErrorNote error={error} onRetry={load} />
      {items && items.length === 0 && (
        <div className="empty">
          <p>No namespace has any key yet.</p>
          <p className="muted">{session.canWrite ? 'Open a namespace by name below and create its first key.' : 'Ask a writer to create one; it appears here.'}</p>
        </div>
      )}
      {items && items.length > 0 && (
        <table className="table">
          <caption className="visually-hidden">Namespaces you may read</caption>
          <thead>
            <tr>
              <th scope="col">Namespace</th>
              <th scope="col" className="num">
                Keys
              </th>
              <th scope="col">Last change</th>
            </tr>
          </thead>
          <tbody>
            {items.map((ns) => (
              <tr key={ns.name}>
                <td>
                  <a href={hrefOf({ page: 'keys', namespace: ns.name })}>{ns.name}</a>
                </td>
                <td className="num">{ns.config_count}</td>
                <td>
                  <TimeAgo iso={ns.updated_at} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <form className="inline-form" onSubmit={open}>
        <label htmlFor="open-namespace">Open a namespace by name</label>
        <input
          id="open-namespace"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder="payments"
          aria-invalid={invalid}
          aria-describedby="open-namespace-help"
        />
        <button type="submit" disabled={name.trim() === '' || invalid}>
          Open
        </button>
        <p id="open-namespace-help" className="hint">
          {invalid ? 'Letters, digits, ".", "_" and "-", starting with a letter or digit.' : 'A namespace exists once it has a key.'}
        </p>
      </form>
    </section>
  );
}

import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../components/error-note';
import { ThemeToggle } from '../components/theme-toggle';
import { signIn, type Session } from '../session/session';

export function SignInPage({ onSignedIn }: { onSignedIn(session: Session): void }) {
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSignedIn(await signIn(location.origin, apiKey.trim()));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  }

  return (
    <main className="sign-in" id="main">
      <div className="sign-in-card">
        <div className="sign-in-head">
          <h1>config-service</h1>
          <ThemeToggle />
        </div>
        <p className="muted">Sign in with an API key. It is traded for a short-lived access token that stays in this tab; closing the tab signs you out.</p>
        <form onSubmit={submit} className="stack">
          <label htmlFor="api-key">API key</label>
          <input
            id="api-key"
            type="password"
            autoComplete="off"
            spellCheck={false}
            required
            autoFocus
            value={apiKey}
            onChange={(event) => setApiKey(event.target.value)}
            aria-describedby="api-key-help"
          />
          <p id="api-key-help" className="hint">
            A new server prints where to find its first admin key on its first line (or set <code>CONFIG_SERVICE_ADMIN_KEY</code>).
          </p>
          <ErrorNote error={error} />
          <button type="submit" className="button-primary" disabled={busy || apiKey.trim() === ''}>
            {busy ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </div>
    </main>
  );
}

import { useEffect, useState, type ReactNode } from 'react';
import { ConfigProvider, useConfigStatus } from '@config-service/react';
import { createClient, type ConfigClient } from '../session/sdk';
import { useSession } from '../session/session-context';
import { ErrorNote } from '../components/error-note';

/**
 * A live client for one namespace: it watches the namespace over the WebSocket, so the pages
 * below see changes made anywhere as they happen (through the @config-service/react hooks).
 */
export function NamespaceScope({ namespace, children }: { namespace: string; children: ReactNode }) {
  const session = useSession();
  const [client, setClient] = useState<ConfigClient | null>(null);
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    // One token for the whole console: this client renews through the session's.
    const live = createClient({ baseUrl: session.baseUrl, token: () => session.client.accessToken(), namespaces: [namespace] });
    const stopErrors = live.onError(setError);
    let open = true;
    // The pages subscribe to the namespace, which the client can do once it has loaded it.
    void live.ready().then(() => {
      if (open) setClient(live);
    });
    return () => {
      open = false;
      stopErrors();
      setClient(null);
      setError(undefined);
      void live.close();
    };
  }, [session, namespace]);
  if (!client) {
    return (
      <section className="page" aria-busy="true">
        <h1>{namespace}</h1>
        <p className="muted">Loading {namespace}…</p>
        <ErrorNote error={error} />
      </section>
    );
  }
  return <ConfigProvider client={client}>{children}</ConfigProvider>;
}

/** "Live", "Connecting…" or "Reconnecting…", announced politely when it changes. */
export function LiveBadge() {
  const status = useConfigStatus();
  const text = status === 'ready' ? 'Live' : status === 'stale' ? 'Reconnecting…' : status === 'closed' ? 'Offline' : 'Connecting…';
  return (
    <span className={`live-badge live-${status}`} role="status" data-testid="live-status">
      {text}
    </span>
  );
}

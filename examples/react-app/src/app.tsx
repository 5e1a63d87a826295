import { useConfig, useConfigs, useConfigStatus } from '@config-service/react';

const NAMESPACE = 'web';

const colors: Record<string, string> = { ready: '#1a7f37', stale: '#9a6700', initializing: '#57606a', closed: '#cf222e' };

/** The page: one value, the feature flags, and the connection status, all live. */
export function App() {
  const greeting = useConfig('greeting', 'Hello (default)', { namespace: NAMESPACE });
  const flags = useConfigs({ namespace: NAMESPACE, prefix: 'feature.' });
  const status = useConfigStatus();
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '3rem auto', lineHeight: 1.5 }}>
      <p>
        status:{' '}
        <strong id="status" style={{ color: colors[status] }}>
          {status}
        </strong>
      </p>
      <h1 id="greeting">{String(greeting)}</h1>
      <h2>Feature flags</h2>
      <ul id="flags">
        {Object.entries(flags).map(([key, on]) => (
          <li key={key}>
            <code>{key}</code>: {on ? 'on' : 'off'}
          </li>
        ))}
      </ul>
      <p style={{ color: '#57606a' }}>
        Change <code>{NAMESPACE}/greeting</code> on the server and this page follows within a moment.
      </p>
    </main>
  );
}

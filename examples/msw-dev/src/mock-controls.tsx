import { useState } from 'react';
import { useConfigClient, useConfigs } from '@config-service/react';

/** Writes through the SDK to the mock; the watch brings each change back to the page above. */
export function MockControls() {
  const client = useConfigClient();
  const flags = useConfigs({ namespace: 'web', prefix: 'feature.' });
  const [text, setText] = useState('Hello again');
  const [error, setError] = useState<string>();
  const run = (write: () => Promise<unknown>) => () => void write().then(() => setError(undefined), (failure: Error) => setError(failure.message));
  return (
    <section style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 640, margin: '0 auto', padding: '1rem', border: '1px dashed #8c959f' }}>
      <h2>Mock controls (no server)</h2>
      <input id="greeting-input" value={text} onChange={(event) => setText(event.target.value)} />{' '}
      <button id="set-greeting" onClick={run(() => client.set('greeting', text, { namespace: 'web' }))}>
        Set greeting
      </button>
      {Object.entries(flags).map(([key, on]) => (
        <button key={key} style={{ marginLeft: 8 }} onClick={run(() => client.set(key, !on, { namespace: 'web' }))}>
          Toggle {key}
        </button>
      ))}
      {error && <p style={{ color: '#cf222e' }}>{error}</p>}
    </section>
  );
}

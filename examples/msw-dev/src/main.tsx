import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { setupWorker } from 'msw/browser';
import { createConfigHandlers, DEFAULT_ADMIN_KEY } from '@config-service/msw';
import { createClient } from '@config-service/browser';
import { ConfigProvider } from '@config-service/react';
import { App } from '@config-service/example-react-app/app';
import { MockControls } from './mock-controls';

// The mock answers on this page's own origin: only config-service's paths are taken, the
// app's own files load as usual.
const baseUrl = window.location.origin;

const worker = setupWorker(
  ...createConfigHandlers({
    baseUrl,
    seed: [
      { namespace: 'web', key: 'greeting', value: 'Hello from the MSW mock' },
      { namespace: 'web', key: 'feature.dark', value: true },
      { namespace: 'web', key: 'feature.beta', value: false },
    ],
  }),
);
await worker.start({ onUnhandledRequest: 'bypass', quiet: true });

// The same client as against a real server: the key is exchanged for a token, the watch is a
// (mocked) WebSocket.
const client = createClient({ baseUrl, apiKey: DEFAULT_ADMIN_KEY, namespaces: ['web'] });

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider client={client}>
      <App />
      <MockControls />
    </ConfigProvider>
  </StrictMode>,
);

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createClient } from '@config-service/browser';
import { ConfigProvider } from '@config-service/react';
import { App } from './app';

// Where config-service is and how to authenticate: `?baseUrl=&apiKey=` on the page URL, else the
// VITE_CONFIG_URL / VITE_CONFIG_API_KEY environment. A key in a page is for a demo only: a
// real app passes `token: () => fetchTokenFromMyBackend()` instead.
const params = new URLSearchParams(window.location.search);
const baseUrl = params.get('baseUrl') ?? import.meta.env.VITE_CONFIG_URL ?? 'http://localhost:8080';
const apiKey = params.get('apiKey') ?? import.meta.env.VITE_CONFIG_API_KEY ?? '';

const client = createClient({ baseUrl, apiKey, namespaces: ['web'], snapshot: 'config-service-example:web' });
client.onError((error) => console.warn('[config-service]', error));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider client={client}>
      <App />
    </ConfigProvider>
  </StrictMode>,
);

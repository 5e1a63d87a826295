// @vitest-environment jsdom
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { waitFor } from '../harness/wait-for';
import { codeBlocks, materialise, provide } from './readme-blocks';

/*
 * The README examples written for a browser, in a DOM (jsdom) against a real server: the
 * browser SDK's, the React app with its server-side rendering and hydration, the OpenFeature
 * web provider's. jsdom's WebSocket carries the watch, with `?access_token=` as in a browser.
 */

const GET_TOKEN =
  'const getToken = async () => (await fetch(globalThis.__readme.baseUrl + "/api/v1/auth/token", { method: "POST", headers: { "x-api-key": globalThis.__readme.apiKey } })).json();';

/** The page's backend from the browser README: hands out access tokens made from its key. */
async function tokenBackend(baseUrl: string, apiKey: string): Promise<{ url: string; close(): void }> {
  const server = createServer(async (_req, res) => {
    const answer = await fetch(`${baseUrl}/api/v1/auth/token`, { method: 'POST', headers: { 'x-api-key': apiKey } });
    res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/my-backend/config-token`, close: () => server.close() };
}

let target: RunningTarget | undefined;
afterAll(async () => {
  await target?.stop();
});

describe('README examples for browsers', () => {
  it('packages/browser: the client gets tokens from the backend, sets the title and follows it, with a localStorage snapshot', async () => {
    const server = await serverTargets()[0]!.start();
    const backend = await tokenBackend(server.baseUrl, server.adminKey);
    try {
      const http = new HttpClient(server.baseUrl, server.adminKey);
      await http.put('/api/v1/configs/site.title?namespace=web', { value: 'Config demo' });
      const [example] = codeBlocks('packages/browser/README.md');
      expect(codeBlocks('packages/browser/README.md')).toHaveLength(1);
      const path = materialise(example!, {
        replace: [
          ["'https://config.example.com'", JSON.stringify(server.baseUrl)],
          ["'/my-backend/config-token'", JSON.stringify(backend.url)],
        ],
        epilogue: 'export { client };',
      });
      const { client } = (await import(/* @vite-ignore */ path)) as { client: { close(): Promise<void> } };
      try {
        expect(document.title).toBe('Config demo');
        await http.put('/api/v1/configs/site.title?namespace=web', { value: 'Renamed' });
        await waitFor('the title to follow', async () => document.title === 'Renamed', 10_000, 20);
        await waitFor('the snapshot', async () => localStorage.getItem('config-service:snapshot')?.includes('Renamed') ?? false, 10_000, 20);
      } finally {
        await client.close();
      }
    } finally {
      backend.close();
      await server.stop();
    }
  }, 60_000);

  it('packages/openfeature: the web provider example evaluates from the browser client', async () => {
    const server = await serverTargets()[0]!.start();
    try {
      const http = new HttpClient(server.baseUrl, server.adminKey);
      await http.put('/api/v1/configs/banner.text?namespace=web', { value: 'Spring sale' });
      provide({ baseUrl: server.baseUrl, apiKey: server.adminKey });
      const web = codeBlocks('packages/openfeature/README.md')[1]!;
      const path = materialise(web, { prelude: GET_TOKEN, replace: [["'https://config.example.com'", 'globalThis.__readme.baseUrl']], epilogue: 'export { banner, OpenFeature };' });
      const { banner, OpenFeature } = (await import(/* @vite-ignore */ path)) as { banner: string; OpenFeature: { close(): Promise<void> } };
      expect(banner).toBe('Spring sale');
      await OpenFeature.close();
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('the app and its SSR example render the values of `web` on the server and hydrate with no mismatch, then go live', async () => {
    target = await serverTargets()[0]!.start();
    const http = new HttpClient(target.baseUrl, target.adminKey);
    await http.put('/api/v1/configs/banner.text?namespace=web', { value: 'Spring sale' });
    await http.put('/api/v1/configs/feature.sale?namespace=web', { value: true });
    const [app, ssr] = codeBlocks('packages/react/README.md');
    expect(codeBlocks('packages/react/README.md')).toHaveLength(2);
    provide({ baseUrl: target.baseUrl, apiKey: target.adminKey });

    // getToken: what the page's backend would do, POST /api/v1/auth/token with the key.
    const appPath = materialise(app!, {
      prelude: GET_TOKEN,
      replace: [["'https://config.example.com'", 'globalThis.__readme.baseUrl']],
      epilogue: 'export { client };',
    });
    const container = document.createElement('div');
    container.id = 'root';
    document.body.appendChild(container);
    const ssrPath = materialise(ssr!, {
      prelude: [
        "import { renderToString as render } from 'react-dom/server';",
        "import { hydrateRoot } from 'react-dom/client';",
        "import { ConfigProvider } from '@config-service/react';",
        "import { createClient as createNodeClient } from '@config-service/node';",
        `import { Banner, client } from ${JSON.stringify(appPath)};`,
        "const nodeClient = createNodeClient({ baseUrl: globalThis.__readme.baseUrl, apiKey: globalThis.__readme.apiKey, namespaces: ['web'], webSocket: 'global' });", // jsdom's WebSocket: this file runs in a DOM
        'await nodeClient.ready();',
        '// The page: the server HTML in #root, the values as window.__CONFIG__.',
        "const root = document.getElementById('root');",
        'const renderToString = (element) => (root.innerHTML = render(element));',
        "window.__CONFIG__ = JSON.parse(JSON.stringify({ web: nodeClient.getAll('web') }));",
      ].join('\n'),
      epilogue: 'export { html, client, nodeClient };',
    });

    const consoleError = vi.spyOn(console, 'error');
    const { html, client, nodeClient } = (await import(/* @vite-ignore */ ssrPath)) as {
      html: string;
      client: { ready(): Promise<void>; close(): Promise<void> };
      nodeClient: { close(): Promise<void> };
    };
    try {
      // Rendered from initialValues (the server has no live client: status `stale`), not defaults.
      expect(html).toBe('<p title="stale">Spring sale<!-- --> <!-- -->— sale!</p>');
      expect(container.innerHTML).toContain('Spring sale');
      await client.ready();
      await http.put('/api/v1/configs/banner.text?namespace=web', { value: 'Summer sale' });
      await waitFor('the live value on the page', async () => container.textContent?.includes('Summer sale') ?? false, 10_000, 20);
      expect(consoleError.mock.calls.map((call) => call.map(String).join(' ')).filter((line) => /hydrat|did not match|server rendered/i.test(line))).toEqual([]);
    } finally {
      consoleError.mockRestore();
      await client.close();
      await nodeClient.close();
    }
  }, 60_000);
});

import { act } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createConfigClient, type ConfigClient } from '@config-service/core';
import { ConfigProvider, useConfig, useConfigs, useConfigStatus, type InitialValues } from './index';
import { createFakeTransport } from './testing/fake-platform';

function Page() {
  const greeting = useConfig('greeting', 'hi');
  const flags = useConfigs({ namespace: 'web', prefix: 'flag.' });
  const status = useConfigStatus();
  return (
    <main>
      <h1 id="greeting">{greeting}</h1>
      <ul>
        {Object.entries(flags).map(([key, on]) => (
          <li key={key}>{`${key}=${String(on)}`}</li>
        ))}
      </ul>
      <footer id="status">{status}</footer>
    </main>
  );
}

const clients: ConfigClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
  document.body.innerHTML = '';
});

/** Renders on the "server" from `rendered`, then hydrates in the DOM; returns what React reported. */
async function renderThenHydrate(rendered: InitialValues, hydratedWith: InitialValues, live: Record<string, Record<string, unknown>>) {
  const html = renderToString(
    <ConfigProvider initialValues={rendered}>
      <Page />
    </ConfigProvider>,
  );
  const container = document.createElement('div');
  container.innerHTML = html;
  document.body.appendChild(container);

  const transport = createFakeTransport(live);
  const client = createConfigClient({ baseUrl: 'http://config.test', apiKey: 'k', namespaces: ['default', 'web'] }, transport.platform);
  clients.push(client);
  const recoverable = vi.fn();
  const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
  await act(async () => {
    hydrateRoot(
      container,
      <ConfigProvider client={client} initialValues={hydratedWith}>
        <Page />
      </ConfigProvider>,
      { onRecoverableError: recoverable },
    );
  });
  const errors = consoleError.mock.calls.map((call) => call.map(String).join(' '));
  consoleError.mockRestore();
  return { html, container, client, transport, recoverable, errors };
}

describe('server-side rendering', () => {
  const initialValues: InitialValues = { default: { greeting: 'Hello from the server' }, web: { 'flag.dark': true, 'flag.beta': false, other: 1 } };

  it('renders the initial values on the server and hydrates without a mismatch, then goes live', async () => {
    const live = { default: { greeting: 'Hello, live' }, web: { 'flag.dark': true, 'flag.beta': true } };
    const { html, container, client, transport, recoverable, errors } = await renderThenHydrate(initialValues, initialValues, live);
    expect(html).toContain('Hello from the server');
    expect(html).toContain('flag.beta=false');
    expect(html).toContain('>stale<');
    expect(recoverable).not.toHaveBeenCalled();
    expect(errors.filter((line) => /hydrat|did not match|server rendered/i.test(line))).toEqual([]);

    await act(async () => client.ready());
    expect(container.querySelector('#greeting')?.textContent).toBe('Hello, live');
    expect(container.textContent).toContain('flag.beta=true');
    expect(container.querySelector('#status')?.textContent).toBe('ready');
    act(() => transport.change('default', 'greeting', 'Changed'));
    expect(container.querySelector('#greeting')?.textContent).toBe('Changed');
  });

  it('would report a mismatch if the browser hydrated from other values (the check above can fail)', async () => {
    const other: InitialValues = { default: { greeting: 'Something else' }, web: {} };
    const { recoverable, errors } = await renderThenHydrate(initialValues, other, { default: {}, web: {} });
    expect(recoverable.mock.calls.length + errors.length).toBeGreaterThan(0);
  });
});

describe('server-side rendering from a namespace other than "default" (the README setup)', () => {
  function Banner() {
    const text = useConfig('banner.text', 'Welcome!');
    const flags = useConfigs({ prefix: 'feature.' });
    return <p id="banner">{`${text}${flags['feature.sale'] ? ' — sale!' : ''}`}</p>;
  }

  async function serverThenBrowser(props: { namespace?: string }) {
    const initialValues: InitialValues = { web: { 'banner.text': 'Spring sale', 'feature.sale': true } };
    const html = renderToString(
      <ConfigProvider initialValues={initialValues} {...props}>
        <Banner />
      </ConfigProvider>,
    );
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.appendChild(container);
    const transport = createFakeTransport({ web: { 'banner.text': 'Spring sale', 'feature.sale': true } });
    const client = createConfigClient({ baseUrl: 'http://config.test', apiKey: 'k', namespaces: ['web'] }, transport.platform);
    clients.push(client);
    const recoverable = vi.fn();
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    await act(async () => {
      hydrateRoot(
        container,
        <ConfigProvider client={client} initialValues={initialValues} {...props}>
          <Banner />
        </ConfigProvider>,
        { onRecoverableError: recoverable },
      );
    });
    const errors = consoleError.mock.calls.map((call) => call.map(String).join(' '));
    consoleError.mockRestore();
    return { html, recoverable, errors };
  }

  it('renders the values of initialValues\' only namespace on the server and hydrates with no mismatch', async () => {
    const { html, recoverable, errors } = await serverThenBrowser({});
    expect(html).toContain('Spring sale — sale!');
    expect(recoverable).not.toHaveBeenCalled();
    expect(errors).toEqual([]);
  });

  it('takes the namespace from the `namespace` prop', async () => {
    const { html, recoverable } = await serverThenBrowser({ namespace: 'web' });
    expect(html).toContain('Spring sale — sale!');
    expect(recoverable).not.toHaveBeenCalled();
  });

  it('warns in development when the server renders defaults for a namespace it was not given', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const html = renderToString(
      <ConfigProvider initialValues={{ web: { 'banner.text': 'Spring sale' } }} namespace="mobile">
        <Banner />
      </ConfigProvider>,
    );
    const warnings = warn.mock.calls.map((call) => call.map(String).join(' '));
    warn.mockRestore();
    expect(html).toContain('Welcome!');
    expect(warnings.some((line) => /rendering defaults: initialValues has no namespace "mobile" \(it has "web"\)/.test(line))).toBe(true);
  });
});

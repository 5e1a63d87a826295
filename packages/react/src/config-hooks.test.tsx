import { act, render, screen } from '@testing-library/react';
import { Component, type ReactNode } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createConfigClient, type ConfigClient } from '@config-service/client';
import { ConfigProvider, useConfig, useConfigClient, useConfigs, useConfigStatus } from './index';
import { createFakeTransport } from '../test/fake-platform';

const clients: ConfigClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.close();
});

async function liveClient(initial: Record<string, Record<string, unknown>>) {
  const transport = createFakeTransport(initial);
  const client = createConfigClient({ baseUrl: 'http://config.test', apiKey: 'k', namespaces: ['default', 'web'] }, transport.platform);
  clients.push(client);
  await client.ready();
  return { client, transport };
}

describe('hooks', () => {
  it('a change to key A re-renders only the components that read A', async () => {
    const { client, transport } = await liveClient({ default: { a: 1, b: 1, 'feature.x': true } });
    const renders = { a: 0, b: 0, features: 0, status: 0 };
    function A() {
      renders.a++;
      return <p data-testid="a">{String(useConfig('a', 0))}</p>;
    }
    function B() {
      renders.b++;
      return <p data-testid="b">{String(useConfig('b', 0))}</p>;
    }
    function Features() {
      renders.features++;
      return <p data-testid="features">{JSON.stringify(useConfigs({ prefix: 'feature.' }))}</p>;
    }
    function Status() {
      renders.status++;
      return <p data-testid="status">{useConfigStatus()}</p>;
    }
    render(
      <ConfigProvider client={client}>
        <A />
        <B />
        <Features />
        <Status />
      </ConfigProvider>,
    );
    expect(screen.getByTestId('a').textContent).toBe('1');
    expect(renders).toEqual({ a: 1, b: 1, features: 1, status: 1 });

    act(() => transport.change('default', 'a', 2));
    expect(screen.getByTestId('a').textContent).toBe('2');
    expect(renders).toEqual({ a: 2, b: 1, features: 1, status: 1 });

    // A key of the prefix: only the prefix reader; a key outside it: nobody.
    act(() => transport.change('default', 'feature.y', false));
    act(() => transport.change('default', 'unrelated', 'x'));
    expect(screen.getByTestId('features').textContent).toBe('{"feature.x":true,"feature.y":false}');
    expect(renders).toEqual({ a: 2, b: 1, features: 2, status: 1 });

    // Another namespace with the same key name: nobody.
    act(() => transport.change('web', 'a', 99));
    expect(renders).toEqual({ a: 2, b: 1, features: 2, status: 1 });

    await act(async () => client.close());
    expect(screen.getByTestId('status').textContent).toBe('closed');
    expect(renders.status).toBe(2);
  });

  it('gives the default while a key is absent, then the value when it appears', async () => {
    const { client, transport } = await liveClient({ web: {} });
    function Banner() {
      return <p data-testid="banner">{useConfig('banner', 'none', { namespace: 'web' })}</p>;
    }
    render(
      <ConfigProvider client={client}>
        <Banner />
      </ConfigProvider>,
    );
    expect(screen.getByTestId('banner').textContent).toBe('none');
    act(() => transport.change('web', 'banner', 'Sale!'));
    expect(screen.getByTestId('banner').textContent).toBe('Sale!');
  });

  it('checks a value with a schema: typed output, a bad value reaches the error boundary', async () => {
    const { client, transport } = await liveClient({ default: { limits: { rps: 5 } } });
    const Limits = z.object({ rps: z.number() });
    function Show() {
      const limits = useConfig('limits', { rps: 0 }, { schema: Limits });
      return <p data-testid="rps">{limits.rps.toFixed(1)}</p>;
    }
    class Boundary extends Component<{ children: ReactNode }, { error?: Error }> {
      override state: { error?: Error } = {};
      static getDerivedStateFromError(error: Error) {
        return { error };
      }
      override render() {
        return this.state.error ? <p data-testid="error">{this.state.error.message}</p> : this.props.children;
      }
    }
    const quiet = console.error;
    console.error = () => {};
    try {
      render(
        <ConfigProvider client={client}>
          <Boundary>
            <Show />
          </Boundary>
        </ConfigProvider>,
      );
      expect(screen.getByTestId('rps').textContent).toBe('5.0');
      act(() => transport.change('default', 'limits', { rps: 'fast' }));
      expect(screen.getByTestId('error').textContent).toMatch(/default\/limits does not match its schema: rps:/);
    } finally {
      console.error = quiet;
    }
  });

  it('hands out the client for writes, and says clearly when a hook has no provider', async () => {
    const { client } = await liveClient({});
    function Writer() {
      return <p data-testid="same">{String(useConfigClient() === client)}</p>;
    }
    render(
      <ConfigProvider client={client}>
        <Writer />
      </ConfigProvider>,
    );
    expect(screen.getByTestId('same').textContent).toBe('true');
    function Orphan() {
      return <p>{String(useConfig('a'))}</p>;
    }
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(() => render(<Orphan />)).toThrow(/useConfig must be used inside <ConfigProvider>/);
    } finally {
      console.error = quiet;
    }
  });
});

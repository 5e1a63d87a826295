import { ConfigServiceProvider, typedFlags } from '@config-service/openfeature/server';
import { ErrorCode, OpenFeature, ProviderEvents, ProviderStatus, type EventDetails } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '@config-service/node';
import { freePort } from '../harness/free-port';
import { HttpClient } from '../harness/http-client';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { ADMIN_KEY } from '../harness/targets';
import { waitFor } from '../harness/wait-for';

let server: ServerProcess;
let http: HttpClient;
const fast = { initialDelayMs: 50, maxDelayMs: 200 };

beforeAll(async () => {
  server = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY } });
  http = new HttpClient(server.baseUrl, ADMIN_KEY);
  const seed: Record<string, unknown> = { 'checkout.new': true, 'banner.text': 'Spring sale', 'limits.rps': 250, theme: { dark: true } };
  for (const [key, value] of Object.entries(seed)) expect((await http.put(`/api/v1/configs/${key}?namespace=flags`, { value })).status).toBe(201);
  expect((await http.put('/api/v1/configs/checkout.new', { value: false })).status).toBe(201);
});
afterAll(async () => {
  await OpenFeature.close();
  await server?.stop();
});

describe('@config-service/openfeature server provider with the official @openfeature/server-sdk', () => {
  it('resolves boolean, string, number and object values with reason STATIC, variant and metadata', async () => {
    await OpenFeature.setProviderAndWait(new ConfigServiceProvider({ baseUrl: server.baseUrl, apiKey: ADMIN_KEY, namespaces: ['flags', 'default'], backoff: fast }));
    const client = OpenFeature.getClient();
    const flags = { namespace: 'flags' };
    const details = await client.getBooleanDetails('checkout.new', false, flags);
    expect(details).toMatchObject({ value: true, reason: 'STATIC', variant: '1', flagMetadata: { namespace: 'flags', version: 1 } });
    expect(await client.getStringValue('banner.text', 'none', flags)).toBe('Spring sale');
    expect(await client.getNumberValue('limits.rps', 0, flags)).toBe(250);
    expect(await client.getObjectValue('theme', {}, flags)).toEqual({ dark: true });
    // No namespace in the context: the client's default namespace (the first it keeps).
    expect(await client.getBooleanValue('checkout.new', false)).toBe(true);
    expect(await client.getBooleanValue('checkout.new', true, { namespace: 'default' })).toBe(false);

    // The typed view picks the evaluation from the default's type and puts the namespace in the context.
    const typed = typedFlags(client, 'flags');
    expect(await typed.value('limits.rps', 0)).toBe(250);
    expect(await typed.value('theme', {})).toEqual({ dark: true });
    expect(await typed.value('banner.text', 'none')).toBe('Spring sale');
    expect(await typed.details('checkout.new', false)).toMatchObject({ value: true, reason: 'STATIC', flagMetadata: { namespace: 'flags' } });
    expect(await typedFlags(client, 'default').value('checkout.new', true)).toBe(false);
  });

  it('TYPE_MISMATCH, FLAG_NOT_FOUND and INVALID_CONTEXT give the default with reason ERROR', async () => {
    const client = OpenFeature.getClient();
    expect(await client.getBooleanDetails('banner.text', false, { namespace: 'flags' })).toMatchObject({ value: false, reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH });
    expect(await client.getNumberDetails('theme', 1, { namespace: 'flags' })).toMatchObject({ value: 1, errorCode: ErrorCode.TYPE_MISMATCH });
    expect(await client.getObjectDetails('limits.rps', {}, { namespace: 'flags' })).toMatchObject({ errorCode: ErrorCode.TYPE_MISMATCH });
    expect(await client.getStringDetails('missing', 'fallback', { namespace: 'flags' })).toMatchObject({ value: 'fallback', reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
    const elsewhere = await client.getBooleanDetails('checkout.new', false, { namespace: 'not-kept' });
    expect(elsewhere).toMatchObject({ value: false, errorCode: ErrorCode.INVALID_CONTEXT });
    expect(elsewhere.errorMessage).toMatch(/not kept by this client/);
  });

  it('the namespace option applies when the context names none', async () => {
    OpenFeature.setProvider('flags-only', new ConfigServiceProvider({ baseUrl: server.baseUrl, apiKey: ADMIN_KEY, namespaces: ['default', 'flags'], namespace: 'flags', backoff: fast }));
    const client = OpenFeature.getClient('flags-only');
    await waitFor('the provider to be ready', async () => client.providerStatus === ProviderStatus.READY, 10_000, 20);
    expect(await client.getBooleanValue('checkout.new', false)).toBe(true);
  });

  it('CONFIGURATION_CHANGED names the changed keys; STALE while the server is down; READY when it is back', async () => {
    const changes: Array<EventDetails<ProviderEvents.ConfigurationChanged>> = [];
    const stale: EventDetails[] = [];
    const ready: EventDetails[] = [];
    OpenFeature.addHandler(ProviderEvents.ConfigurationChanged, (details) => changes.push(details!));
    OpenFeature.addHandler(ProviderEvents.Stale, (details) => stale.push(details!));
    OpenFeature.addHandler(ProviderEvents.Ready, (details) => ready.push(details!));
    const client = OpenFeature.getClient();

    await http.put('/api/v1/configs/banner.text?namespace=flags', { value: 'Summer sale' });
    await waitFor('the change event', async () => changes.some((change) => change.flagsChanged?.includes('banner.text')), 10_000, 20);
    expect(await client.getStringValue('banner.text', 'none', { namespace: 'flags' })).toBe('Summer sale');

    const port = new URL(server.baseUrl).port;
    await server.stop();
    await waitFor('the STALE event', async () => stale.length > 0, 20_000, 20);
    expect(await client.getBooleanDetails('checkout.new', false, { namespace: 'flags' })).toMatchObject({ value: true, reason: 'STALE' });

    const readyBefore = ready.length;
    server = await startServerProcess({ dataDir: server.dataDir, env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, PORT: port } });
    await waitFor('the READY event', async () => ready.length > readyBefore, 30_000, 20);
    // Seen once in CI-like runs: READY, then the client briefly stale again while the restarted
    // server finishes starting (an open item in the closing note); the value must come back STATIC.
    await waitFor('a STATIC evaluation', async () => (await client.getBooleanDetails('checkout.new', false, { namespace: 'flags' })).reason === 'STATIC', 30_000, 20);
    expect(await client.getBooleanDetails('checkout.new', false, { namespace: 'flags' })).toMatchObject({ value: true, reason: 'STATIC' });
  }, 90_000);

  it('before the first sync, values given as initialValues are CACHED', async () => {
    const client = createClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, apiKey: ADMIN_KEY, namespaces: ['flags'], initialValues: { flags: { 'checkout.new': true } } });
    try {
      const provider = new ConfigServiceProvider({ client });
      expect(await provider.resolveBooleanEvaluation('checkout.new', false, {})).toMatchObject({ value: true, reason: 'CACHED' });
    } finally {
      await client.close();
    }
  });

  it('a refused key: initialisation fails as FATAL with an ERROR event, evaluations return the default', async () => {
    const errors: EventDetails[] = [];
    const provider = new ConfigServiceProvider({ baseUrl: server.baseUrl, apiKey: 'csk_wrong-key-000000000000', backoff: fast });
    OpenFeature.addHandler(ProviderEvents.Error, (details) => errors.push(details!));
    await expect(OpenFeature.setProviderAndWait('refused', provider)).rejects.toThrow(/config-service: /);
    const client = OpenFeature.getClient('refused');
    expect(client.providerStatus).toBe(ProviderStatus.FATAL);
    expect(errors.some((error) => error.providerName === 'config-service')).toBe(true);
    expect(await client.getBooleanDetails('checkout.new', true)).toMatchObject({ value: true, reason: 'ERROR' });
  });
});

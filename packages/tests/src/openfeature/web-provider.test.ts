import { ConfigServiceWebProvider, typedFlags } from '@config-service/openfeature/web';
import { ErrorCode, OpenFeature, ProviderEvents, type EventDetails } from '@openfeature/web-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { waitFor } from '../harness/wait-for';

let target: RunningTarget;
let http: HttpClient;

beforeAll(async () => {
  target = await serverTargets()[0]!.start();
  http = new HttpClient(target.baseUrl, target.adminKey);
  expect((await http.put('/api/v1/configs/checkout.new?namespace=web', { value: true })).status).toBe(201);
  expect((await http.put('/api/v1/configs/banner.text?namespace=web', { value: 'Spring sale' })).status).toBe(201);
  expect((await http.put('/api/v1/configs/banner.text?namespace=mobile', { value: 'App sale' })).status).toBe(201);
});
afterAll(async () => {
  await OpenFeature.close();
  await target?.stop();
});

describe('@config-service/openfeature web provider with the official @openfeature/web-sdk', () => {
  it('evaluates synchronously from the browser client, the namespace from the context, and announces changes', async () => {
    // The browser SDK exchanges the key for access tokens and watches with ?access_token=.
    const provider = new ConfigServiceWebProvider({ baseUrl: target.baseUrl, apiKey: target.adminKey, namespaces: ['web', 'mobile'], backoff: { initialDelayMs: 50, maxDelayMs: 200 } });
    await OpenFeature.setContext({ targetingKey: 'user-1' });
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();
    expect(client.getBooleanDetails('checkout.new', false)).toMatchObject({ value: true, reason: 'STATIC', variant: '1', flagMetadata: { namespace: 'web' } });
    expect(client.getStringDetails('checkout.new', 'x')).toMatchObject({ value: 'x', reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH });
    expect(client.getNumberDetails('nope', 3)).toMatchObject({ value: 3, errorCode: ErrorCode.FLAG_NOT_FOUND });

    await OpenFeature.setContext({ targetingKey: 'user-1', namespace: 'mobile' });
    expect(client.getStringValue('banner.text', 'none')).toBe('App sale');
    // The typed view reads through the same evaluations; typed for another namespace than the
    // one the provider reads, it refuses rather than hand over a value of another key's type.
    expect(typedFlags(client, 'mobile').value('banner.text', 'none')).toBe('App sale');
    expect(typedFlags(client, 'web').details('banner.text', 'none')).toMatchObject({ value: 'none', reason: 'ERROR', errorCode: ErrorCode.INVALID_CONTEXT });

    const changes: Array<EventDetails<ProviderEvents.ConfigurationChanged>> = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (details) => changes.push(details!));
    await http.put('/api/v1/configs/banner.text?namespace=mobile', { value: 'App summer sale' });
    await http.put('/api/v1/configs/checkout.new?namespace=web', { value: false });
    await waitFor('both change events', async () => {
      const keys = changes.flatMap((change) => change.flagsChanged ?? []);
      return keys.includes('banner.text') && keys.includes('checkout.new');
    }, 10_000, 20);
    expect(client.getStringValue('banner.text', 'none')).toBe('App summer sale');
    expect(client.getBooleanValue('checkout.new', true)).toBe(true); // mobile has no checkout.new: the default
  }, 30_000);
});

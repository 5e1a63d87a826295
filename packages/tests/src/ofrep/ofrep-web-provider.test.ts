import { OFREPWebProvider } from '@openfeature/ofrep-web-provider';
import { OpenFeature, ProviderEvents, type EventDetails } from '@openfeature/web-sdk';
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
});
afterAll(async () => {
  await OpenFeature.close();
  await target?.stop();
});

describe('the official @openfeature/ofrep-web-provider (web SDK) against the server', () => {
  it('loads the namespace in bulk, polls with If-None-Match (304 while unchanged) and reports a change', async () => {
    // The real fetch, with each bulk answer's status noted: how the 304 path is observed.
    const bulkStatuses: number[] = [];
    const observed: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (String(input instanceof Request ? input.url : input).endsWith('/ofrep/v1/evaluate/flags')) bulkStatuses.push(response.status);
      return response;
    };
    const provider = new OFREPWebProvider({
      baseUrl: target.baseUrl,
      headers: [['X-API-Key', target.adminKey]],
      pollInterval: 200,
      changeDetection: 'polling',
      cacheMode: 'disabled',
      disableVisibilityRefresh: true,
      fetchImplementation: observed,
    });
    await OpenFeature.setContext({ namespace: 'web', targetingKey: 'user-1' });
    await OpenFeature.setProviderAndWait(provider);
    const client = OpenFeature.getClient();
    expect(client.getBooleanDetails('checkout.new', false)).toMatchObject({ value: true, reason: 'STATIC', variant: '1' });
    expect(client.getStringValue('banner.text', 'none')).toBe('Spring sale');
    expect(client.getBooleanDetails('missing', true)).toMatchObject({ value: true, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' });

    await waitFor('a poll answered 304', async () => bulkStatuses.includes(304), 10_000, 50);
    expect(bulkStatuses[0]).toBe(200);

    const changes: Array<EventDetails<ProviderEvents.ConfigurationChanged>> = [];
    client.addHandler(ProviderEvents.ConfigurationChanged, (details) => changes.push(details!));
    await http.put('/api/v1/configs/banner.text?namespace=web', { value: 'Summer sale' });
    await waitFor('the change to be polled', async () => client.getStringValue('banner.text', 'none') === 'Summer sale', 10_000, 50);
    expect(changes.some((change) => change.flagsChanged?.includes('banner.text'))).toBe(true);
    expect(bulkStatuses.filter((status) => status === 200).length).toBeGreaterThanOrEqual(2);
  }, 30_000);
});

import { OFREPProvider } from '@openfeature/ofrep-provider';
import { ErrorCode, OpenFeature } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';

let target: RunningTarget;
let http: HttpClient;

beforeAll(async () => {
  target = await serverTargets()[0]!.start();
  http = new HttpClient(target.baseUrl, target.adminKey);
  for (const [key, value] of Object.entries({ 'checkout.new': true, 'banner.text': 'Spring sale', 'limits.rps': 250, 'theme': { dark: true } })) {
    expect((await http.put(`/api/v1/configs/${key}?namespace=web`, { value })).status).toBe(201);
  }
  expect((await http.put('/api/v1/configs/checkout.new', { value: false })).status).toBe(201);
  expect((await http.put('/api/v1/configs/big?namespace=web', '{"value":12345678901234567890}')).status).toBe(201);
});
afterAll(async () => {
  await OpenFeature.close();
  await target?.stop();
});

describe('the official @openfeature/ofrep-provider (server SDK) against the server', () => {
  it('evaluates config values of context.namespace (else default) with reason STATIC, variant and metadata', async () => {
    await OpenFeature.setProviderAndWait(new OFREPProvider({ baseUrl: target.baseUrl, headers: [['X-API-Key', target.adminKey]] }));
    const client = OpenFeature.getClient();
    const web = { namespace: 'web', targetingKey: 'user-1' };

    const details = await client.getBooleanDetails('checkout.new', false, web);
    expect(details).toMatchObject({ value: true, reason: 'STATIC', variant: '1' });
    expect(details.flagMetadata).toMatchObject({ namespace: 'web', version: 1 });
    expect(typeof details.flagMetadata.revision).toBe('number');
    expect(await client.getStringValue('banner.text', 'none', web)).toBe('Spring sale');
    expect(await client.getNumberValue('limits.rps', 0, web)).toBe(250);
    expect(await client.getObjectValue('theme', {}, web)).toEqual({ dark: true });
    // No namespace in the context: `default`.
    expect(await client.getBooleanValue('checkout.new', true)).toBe(false);
  });

  it('answers FLAG_NOT_FOUND, TYPE_MISMATCH and INVALID_CONTEXT as OFREP says, with the default value', async () => {
    const client = OpenFeature.getClient();
    const missing = await client.getBooleanDetails('nope', true, { namespace: 'web' });
    expect(missing).toMatchObject({ value: true, reason: 'ERROR', errorCode: ErrorCode.FLAG_NOT_FOUND });
    const mismatch = await client.getBooleanDetails('banner.text', false, { namespace: 'web' });
    expect(mismatch).toMatchObject({ value: false, reason: 'ERROR', errorCode: ErrorCode.TYPE_MISMATCH });
    const invalid = await client.getBooleanDetails('checkout.new', false, { namespace: 'not a namespace!' });
    expect(invalid).toMatchObject({ value: false, reason: 'ERROR', errorCode: ErrorCode.INVALID_CONTEXT });
  });

  it('401 and 403 come back as errors; a key scoped to a namespace reads only that one', async () => {
    const scoped = (await http.post('/api/v1/apikeys', { name: 'ofrep-web', roles: ['reader'], namespaces: ['web'] })).json.key as string;
    OpenFeature.setProvider('scoped', new OFREPProvider({ baseUrl: target.baseUrl, headers: [['X-API-Key', scoped]] }));
    const client = OpenFeature.getClient('scoped');
    expect(await client.getBooleanValue('checkout.new', false, { namespace: 'web' })).toBe(true);
    const forbidden = await client.getBooleanDetails('checkout.new', true);
    expect(forbidden).toMatchObject({ value: true, reason: 'ERROR' });
    expect(forbidden.errorCode).toBeDefined();

    OpenFeature.setProvider('wrong', new OFREPProvider({ baseUrl: target.baseUrl, headers: [['X-API-Key', 'csk_wrong-0000000000000000']] }));
    const unauthorized = await OpenFeature.getClient('wrong').getBooleanDetails('checkout.new', true, { namespace: 'web' });
    expect(unauthorized).toMatchObject({ value: true, reason: 'ERROR' });
  });
});

describe('OFREP on the wire', () => {
  const post = (path: string, body: string, headers: Record<string, string> = {}) => http.request('POST', path, { body, headers: { 'content-type': 'application/json', ...headers } });

  it('single: 200 with every digit, 404 FLAG_NOT_FOUND, 400 PARSE_ERROR and INVALID_CONTEXT naming the key', async () => {
    const big = await post('/ofrep/v1/evaluate/flags/big', '{"context":{"namespace":"web"}}');
    expect(big.status).toBe(200);
    expect(big.text).toContain('"value":12345678901234567890,');
    expect(big.json).toMatchObject({ key: 'big', reason: 'STATIC', variant: '1', metadata: { namespace: 'web', version: 1 } });
    expect(await post('/ofrep/v1/evaluate/flags/nope', '{}')).toMatchObject({ status: 404, json: { key: 'nope', errorCode: 'FLAG_NOT_FOUND' } });
    expect(await post('/ofrep/v1/evaluate/flags/big', '{"context":')).toMatchObject({ status: 400, json: { key: 'big', errorCode: 'PARSE_ERROR' } });
    expect(await post('/ofrep/v1/evaluate/flags/big', '{"context":[1]}')).toMatchObject({ status: 400, json: { key: 'big', errorCode: 'INVALID_CONTEXT' } });
    expect(await post('/ofrep/v1/evaluate/flags/big', '{"context":{"namespace":7}}')).toMatchObject({ status: 400, json: { key: 'big', errorCode: 'INVALID_CONTEXT' } });
    expect((await http.request('POST', '/ofrep/v1/evaluate/flags/checkout.new')).json).toMatchObject({ value: false });
    expect((await post('/ofrep/v1/evaluate/flags/big', '{}', {})).status).toBe(404);
    expect((await http.request('POST', '/ofrep/v1/evaluate/flags/big', { key: null, body: '{}' })).status).toBe(401);
  });

  it('bulk: every flag of the namespace with an ETag; If-None-Match gives 304 until a value there changes', async () => {
    const first = await post('/ofrep/v1/evaluate/flags', '{"context":{"namespace":"web"}}');
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[A-Za-z0-9_-]+"$/);
    expect((first.json.flags as Array<{ key: string }>).map((flag) => flag.key)).toEqual(['banner.text', 'big', 'checkout.new', 'limits.rps', 'theme']);
    const again = await post('/ofrep/v1/evaluate/flags', '{"context":{"namespace":"web"}}', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
    // A change in another namespace leaves this one's tag alone; one here changes it.
    await http.put('/api/v1/configs/checkout.new', { value: true });
    expect((await post('/ofrep/v1/evaluate/flags', '{"context":{"namespace":"web"}}', { 'if-none-match': etag })).status).toBe(304);
    await http.put('/api/v1/configs/banner.text?namespace=web', { value: 'Summer sale' });
    const changed = await post('/ofrep/v1/evaluate/flags', '{"context":{"namespace":"web"}}', { 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

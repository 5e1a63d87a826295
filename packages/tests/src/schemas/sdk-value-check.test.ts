import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceivedValueError, createClient, type ConfigClient } from '@config-service/node';
import { schemaValueCheck } from '@config-service/schema';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { waitFor } from '../harness/wait-for';

/*
 * A client pinned to its own copy of the schemas (what codegen exports as `configSchemas`)
 * never hands its program a value of the wrong shape, even when the server has no schema or
 * a newer one: the value is refused, the last good one kept, the refusal reported.
 */

const configSchemas = {
  pinned: {
    client: { type: 'object', properties: { retries: { type: 'integer', minimum: 0 } }, required: ['retries'] },
  },
} as const;

let target: RunningTarget;
let http: HttpClient;
let client: ConfigClient | undefined;

beforeAll(async () => {
  target = await serverTargets()[0]!.start();
  http = new HttpClient(target.baseUrl, target.adminKey);
});
afterAll(async () => {
  await client?.close();
  await target?.stop();
});

describe('checkValue with schemaValueCheck', () => {
  it('keeps the last good value and reports a value that fails the schema', async () => {
    await http.put('/api/v1/configs/client?namespace=pinned', { value: { retries: 3 } });
    await http.put('/api/v1/configs/other?namespace=pinned', { value: 'no schema: anything goes' });
    const errors: unknown[] = [];
    client = createClient({
      baseUrl: target.baseUrl,
      apiKey: target.adminKey,
      namespaces: ['pinned'],
      checkValue: schemaValueCheck(configSchemas),
      onError: (error) => errors.push(error),
      backoff: { initialDelayMs: 50, maxDelayMs: 300 },
    });
    await client.ready();
    expect(client.get('client', { namespace: 'pinned' })).toEqual({ retries: 3 });
    expect(client.get('other', { namespace: 'pinned' })).toBe('no schema: anything goes');

    // The server has no schema for the key, so it takes this; the client does not.
    await http.put('/api/v1/configs/client?namespace=pinned', { value: { retries: 'three' } });
    await waitFor('the refusal to be reported', async () => errors.length > 0, 10_000);
    const refusal = errors[0] as ReceivedValueError;
    expect(refusal).toBeInstanceOf(ReceivedValueError);
    expect(refusal).toMatchObject({ code: 'validation_failed', namespace: 'pinned', key: 'client', version: 2 });
    expect(refusal.errors).toEqual([{ path: '/retries', message: 'must be integer' }]);
    expect(client.get('client', { namespace: 'pinned' })).toEqual({ retries: 3 });

    await http.put('/api/v1/configs/client?namespace=pinned', { value: { retries: 5 } });
    await waitFor('the next good value', async () => (client!.get('client', { namespace: 'pinned' }) as { retries: number }).retries === 5, 10_000);
    expect(errors).toHaveLength(1);
  });
});

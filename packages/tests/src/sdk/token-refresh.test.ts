import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type ClientStatus, type ConfigClient } from '@config-service/node';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { waitFor } from '../harness/wait-for';

// The shortest lifetime the server allows; the client renews at 80 % of it (24 s).
const TTL_SECONDS = 30;

let target: RunningTarget;
let client: ConfigClient | undefined;
beforeAll(async () => {
  target = await serverTargets()[0]!.start({ CONFIG_SERVICE_TOKEN_TTL_SECONDS: String(TTL_SECONDS) });
});
afterAll(async () => {
  await client?.close();
  await target?.stop();
});

describe('@config-service/node with access tokens', () => {
  it('renews its token before it expires: the watch is never refused and nothing is missed', { timeout: 60_000 }, async () => {
    const http = new HttpClient(target.baseUrl, target.adminKey);
    client = createClient({ baseUrl: target.baseUrl, apiKey: target.adminKey, useAccessTokens: true, namespaces: ['tok'] });
    const statuses: ClientStatus[] = [];
    const errors: unknown[] = [];
    client.onStatusChange((status) => statuses.push(status));
    client.onError((error) => errors.push(error));
    const values: unknown[] = [];
    client.subscribe({ namespace: 'tok' }, (change) => values.push(change.value));
    await client.ready();
    const issuedAt = Date.now();

    // A change now, one just before the first token would expire, one after: all arrive.
    await http.put('/api/v1/configs/v?namespace=tok', { value: 'early' });
    await new Promise((settle) => setTimeout(settle, (TTL_SECONDS - 3) * 1000 - (Date.now() - issuedAt)));
    await http.put('/api/v1/configs/v?namespace=tok', { value: 'before expiry' });
    await new Promise((settle) => setTimeout(settle, Math.max(0, (TTL_SECONDS + 2) * 1000 - (Date.now() - issuedAt))));
    await http.put('/api/v1/configs/v?namespace=tok', { value: 'after expiry' });
    await waitFor('three changes', async () => values.length >= 3, 5_000, 20);
    expect(values).toEqual(['early', 'before expiry', 'after expiry']);

    // Writes go through with the renewed token too.
    expect(await client.set('w', 1, { namespace: 'tok' })).toMatchObject({ version: 1 });
    expect(statuses).toEqual(['ready']);
    expect(errors).toEqual([]);
    const audit = await http.get('/api/v1/audit?action=token_issued&limit=100');
    expect(audit.status).toBe(200);
    expect(audit.json.items.length).toBeGreaterThanOrEqual(2);
  });
});

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConfigServiceError } from '@config-service/core';
import { readServerConfig } from '../config/server-config';
import { startServer, type RunningServer } from '../create-server';
import { applyPlans } from './apply-plan';
import { planNamespace } from './namespace-diff';
import { api, listEntries, type RemoteOptions } from './remote';

/* An import's writes are conditional on what its plan read: a change made in between wins. */

const ADMIN_KEY = 'csk_apply-plan-admin-key-0123456789';

describe('applyPlans', () => {
  let server: RunningServer;
  let remote: RemoteOptions;

  beforeAll(async () => {
    const config = readServerConfig({ CONFIG_SERVICE_DATA_DIR: mkdtempSync(join(tmpdir(), 'cs-apply-')), PORT: '0', HOST: '127.0.0.1', CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY });
    server = await startServer(config, pino({ level: 'silent' }));
    remote = { url: server.url, apiKey: ADMIN_KEY };
  });
  afterAll(async () => {
    await server?.close();
  });

  it('does not overwrite a key changed after the plan was read, nor create one made meanwhile (412), and stops there', async () => {
    await api(remote, 'PUT', '/api/v1/configs/a?namespace=race', { value: 1 });
    const { entries } = await listEntries(remote, 'race');
    const plan = planNamespace('race', entries, { a: { value: 2 }, b: { value: 'new' } }, false);
    expect(plan.changes.map((change) => change.kind)).toEqual(['update', 'create']);

    // Someone else writes between the plan and its application.
    await api(remote, 'PUT', '/api/v1/configs/a?namespace=race', { value: 'theirs' });
    const failure = await applyPlans(remote, [plan], false).catch((error: unknown) => error);
    expect(isConfigServiceError(failure) && failure.code).toBe('version_conflict');
    expect((await api<{ value: unknown }>(remote, 'GET', '/api/v1/configs/a?namespace=race')).value).toBe('theirs');

    // The same for a create: the key appeared after the plan.
    const fresh = planNamespace('race', (await listEntries(remote, 'race')).entries, { c: { value: 'mine' } }, false);
    await api(remote, 'PUT', '/api/v1/configs/c?namespace=race', { value: 'theirs' });
    const refused = await applyPlans(remote, [fresh], false).catch((error: unknown) => error);
    expect(isConfigServiceError(refused) && refused.code).toBe('version_conflict');
    expect((await api<{ value: unknown }>(remote, 'GET', '/api/v1/configs/c?namespace=race')).value).toBe('theirs');
  });
});

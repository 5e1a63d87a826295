import { describe, expect, it } from 'vitest';
import { ValidationError } from '@config-service/core';
import { type Actor } from '@config-service/contract';
import { AuditLog } from './audit-log';
import { InMemoryConfigStore } from '../store/in-memory-config-store';
import { ApiKeyRegistry } from '../auth/api-key-registry';

const deployer: Actor = { name: 'deployer', keyId: 'key-1', requestId: 'req-1' };

function setup() {
  let tick = Date.parse('2026-11-25T10:00:00.000Z');
  const now = () => new Date((tick += 1000));
  const audit = new AuditLog();
  return { audit, store: new InMemoryConfigStore({ now, audit }), keys: new ApiKeyRegistry({ now, audit }) };
}

describe('AuditLog', () => {
  it('records every change with versions and the key, but never a secret value', async () => {
    const { audit, store } = setup();
    await store.put(deployer, 'ns', 'a', { value: 1, metadata: { m: 1 } });
    await store.put(deployer, 'ns', 'a', { value: 'hidden', secret: true });
    await store.put(deployer, 'ns', 'a', { value: 'hidden', secret: true });
    await store.delete('cleanup-job', 'ns', 'a');
    const rows = audit.list({ limit: 10 }).items;
    expect(rows.map((row) => [row.id, row.action, row.entityType, row.entityId, row.userId, row.requestId])).toEqual([
      [3, 'deleted', 'config', 'ns/a', 'cleanup-job', null],
      [2, 'updated', 'config', 'ns/a', 'deployer', 'req-1'],
      [1, 'created', 'config', 'ns/a', 'deployer', 'req-1'],
    ]);
    expect(JSON.parse(rows[2]!.changesJson!)).toEqual({ version: 1, previous_version: null, revision: 1, secret: false, value: 1, metadata: { m: 1 }, key_id: 'key-1' });
    expect(JSON.parse(rows[1]!.changesJson!)).toMatchObject({ version: 2, previous_version: 1, secret: true, value: '[secret]' });
    expect(rows.map((row) => row.changesJson).join()).not.toContain('hidden');
    expect(JSON.parse(rows[0]!.changesJson!)).toMatchObject({ version: 3, previous_version: 2, value: null, metadata: null, key_id: 'system' });
  });

  it('records key creation, deletion and token issue', async () => {
    const { audit, keys } = setup();
    const created = keys.create({ name: 'ci', roles: ['writer'] }, deployer);
    keys.issueToken(created.key, 'req-2');
    keys.delete(created.id, deployer);
    const rows = audit.list({ limit: 10, entityType: 'apikey' }).items;
    expect(rows.map((row) => [row.action, row.entityId, row.userId])).toEqual([
      ['deleted', created.id, 'deployer'],
      ['token_issued', created.id, 'ci'],
      ['created', created.id, 'deployer'],
    ]);
    expect(JSON.parse(rows[2]!.changesJson!)).toEqual({ name: 'ci', roles: ['writer'], namespaces: null, prefix: created.key.slice(0, 11), key_id: 'key-1' });
    expect(JSON.parse(rows[1]!.changesJson!)).toEqual({ expires_in: 900, key_id: created.id });
    expect(rows.map((row) => row.changesJson).join()).not.toContain(created.key);
  });

  it('filters, pages newest first by cursor, and refuses a foreign cursor', async () => {
    const { audit, store } = setup();
    for (let i = 0; i < 5; i++) await store.put(i % 2 ? deployer : 'other', 'ns', `k${i}`, { value: i });
    expect(audit.list({ limit: 10, userId: 'deployer' }).items.map((row) => row.entityId)).toEqual(['ns/k3', 'ns/k1']);
    expect(audit.list({ limit: 10, entityId: 'ns/k4', action: 'created' }).items).toHaveLength(1);
    expect(audit.list({ limit: 10, since: '2026-11-25T10:00:04.000Z' }).items.map((row) => row.id)).toEqual([5, 4]);
    const first = audit.list({ limit: 2 });
    expect(first.items.map((row) => row.id)).toEqual([5, 4]);
    const second = audit.list({ limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((row) => row.id)).toEqual([3, 2]);
    expect(audit.list({ limit: 2, cursor: second.nextCursor! })).toMatchObject({ nextCursor: null });
    expect(() => audit.list({ limit: 2, cursor: 'nope' })).toThrow(ValidationError);
  });
});

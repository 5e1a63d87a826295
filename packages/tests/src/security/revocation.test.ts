import { describe, expect, inject, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { startServerProcess } from '../harness/server-process';
import { createScratchDatabase } from '../harness/postgres-server';
import { openWatch } from '../harness/watch-client';

const postgresUrl = inject('postgresUrl');

describe.skipIf(!postgresUrl)('revocation across replicas (PostgreSQL)', () => {
  it('refuses a key deleted through one replica, and its tokens and watches, on the other within 1 s', async () => {
    const databaseUrl = await createScratchDatabase(postgresUrl!);
    const env = { DATABASE_URL: databaseUrl, CONFIG_SERVICE_ADMIN_KEY: 'revocation-admin-key-123456', CONFIG_SERVICE_JWT_SECRET: 'shared-jwt-secret-for-both-replicas-0123456789' };
    const [a, b] = await Promise.all([startServerProcess({ env }), startServerProcess({ env })]);
    try {
      const adminA = new HttpClient(a!.baseUrl, env.CONFIG_SERVICE_ADMIN_KEY);
      const onB = new HttpClient(b!.baseUrl, null);
      const created = await adminA.post('/api/v1/apikeys', { name: 'short-lived', roles: ['reader'] });
      const key: string = created.json.key;
      const token: string = (await adminA.post('/api/v1/auth/token', undefined, { key })).json.access_token;
      // Both credentials work on B, and B has them in its lookup cache when the delete happens.
      expect((await onB.get('/api/v1/namespaces', { key })).status).toBe(200);
      expect((await onB.get('/api/v1/namespaces', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      const watch = openWatch(b!.baseUrl, { apiKey: key });
      await watch.ready();

      expect((await adminA.delete(`/api/v1/apikeys/${created.json.id}`)).status).toBe(204);
      const deletedAt = performance.now();
      let watchClosedAfter = -1;
      let watchCloseCode = 0;
      void watch.closed.then(({ code }) => {
        watchClosedAfter = performance.now() - deletedAt;
        watchCloseCode = code;
      });
      let keyRefusedAfter = -1;
      let tokenRefusedAfter = -1;
      while (performance.now() - deletedAt < 3000 && (keyRefusedAfter < 0 || tokenRefusedAfter < 0 || watchClosedAfter < 0)) {
        if (keyRefusedAfter < 0 && (await onB.get('/api/v1/namespaces', { key })).status === 401) keyRefusedAfter = performance.now() - deletedAt;
        if (tokenRefusedAfter < 0 && (await onB.get('/api/v1/namespaces', { headers: { authorization: `Bearer ${token}` } })).status === 401) {
          tokenRefusedAfter = performance.now() - deletedAt;
        }
        await new Promise((done) => setTimeout(done, 10));
      }
      console.log(
        `[revocation] other replica refused the key after ${keyRefusedAfter.toFixed(0)} ms, its token after ${tokenRefusedAfter.toFixed(0)} ms, closed its watch after ${watchClosedAfter.toFixed(0)} ms`,
      );
      watch.terminate();
      expect(watchCloseCode).toBe(4001);
      expect(watchClosedAfter).toBeGreaterThanOrEqual(0);
      expect(watchClosedAfter).toBeLessThan(1000);
      expect(keyRefusedAfter).toBeGreaterThanOrEqual(0);
      expect(tokenRefusedAfter).toBeGreaterThanOrEqual(0);
      expect(keyRefusedAfter).toBeLessThan(1000);
      expect(tokenRefusedAfter).toBeLessThan(1000);
    } finally {
      await Promise.all([a!.stop(), b!.stop()]);
    }
  });
});

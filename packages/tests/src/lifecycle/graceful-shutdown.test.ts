import { describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { startServerProcess } from '../harness/server-process';
import { openWatch } from '../harness/watch-client';
import { openRaw } from './raw-http';

/*
 * SIGTERM on one server, seen from the outside: `/health` turns 503 `draining` at once, the
 * listener refuses new connections, a request in flight still completes, the watcher gets
 * every committed change and then 1001, and the process exits 0 within the timeout.
 */

const ADMIN_KEY = 'csk_shutdown-admin-key-0123456789';
const env = { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS: '8000' };

const refused = (baseUrl: string) =>
  openRaw(baseUrl).then(
    (connection) => {
      connection.socket.destroy();
      return false;
    },
    (error: NodeJS.ErrnoException) => error.code === 'ECONNREFUSED',
  );

describe('graceful shutdown', () => {
  it('drains: health 503 draining, no new connections, the request in flight completes, watchers get their changes then 1001, exit 0', async () => {
    const server = await startServerProcess({ env });
    const admin = new HttpClient(server.baseUrl, ADMIN_KEY);
    const keepAlive = await openRaw(server.baseUrl);
    keepAlive.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    expect((await keepAlive.response()).status).toBe(200);

    const watch = openWatch(server.baseUrl, { apiKey: ADMIN_KEY, namespaces: ['drain'] });
    await watch.ready();
    const written: number[] = [];
    for (let i = 0; i < 20; i++) written.push((await admin.put(`/api/v1/configs/k${i % 3}?namespace=drain`, { value: i })).json.revision);

    // A write whose body is only half sent: in flight when the signal comes.
    const body = JSON.stringify({ value: 'finished after SIGTERM' });
    const slow = await openRaw(server.baseUrl);
    slow.write(
      `PUT /api/v1/configs/slow?namespace=drain HTTP/1.1\r\nHost: x\r\nX-API-Key: ${ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await new Promise((done) => setTimeout(done, 200));

    const signalled = Date.now();
    const exited = server.stop();
    await new Promise((done) => setTimeout(done, 300));

    keepAlive.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    const health = await keepAlive.response();
    expect(health.status).toBe(503);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'draining' });
    expect(health.headers.connection).toBe('close');
    expect(await refused(server.baseUrl)).toBe(true);

    slow.write(body.slice(10));
    const finished = await slow.response();
    expect(finished.status).toBe(201);
    const slowRevision = JSON.parse(finished.body).revision as number;

    const closed = await watch.closed;
    expect(closed.code).toBe(1001);
    expect(watch.changes().map((change) => change.revision)).toEqual([...written, slowRevision]);
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(8000);

    // The write that finished during the drain is in the database.
    const again = await startServerProcess({ env, dataDir: server.dataDir });
    try {
      expect((await new HttpClient(again.baseUrl, ADMIN_KEY).get('/api/v1/configs/slow?namespace=drain')).json.value).toBe('finished after SIGTERM');
    } finally {
      await again.stop();
    }
  });

  it('serves a request that arrives just after SIGTERM on a connection accepted before it (fresh or kept alive), with Connection: close', async () => {
    const server = await startServerProcess({ env });
    // Accepted, nothing sent yet: a client (or a balancer) that connected as the signal came.
    const fresh = await openRaw(server.baseUrl);
    // Kept alive after one answer: a pooled connection about to be reused.
    const pooled = await openRaw(server.baseUrl);
    pooled.write('GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n');
    expect((await pooled.response()).status).toBe(200);
    await new Promise((done) => setTimeout(done, 100));

    const exited = server.stop();
    // No request is in flight, so a drain that closed idle connections at once has done so by now.
    await new Promise((done) => setTimeout(done, 100));
    fresh.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    pooled.write('GET /health HTTP/1.1\r\nHost: x\r\n\r\n');
    for (const connection of [fresh, pooled]) {
      const answer = await connection.response();
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'draining' });
      expect(answer.headers.connection).toBe('close');
      await connection.ended;
    }
    expect(await exited).toBe(0);
  });

  it('exits within CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS when a request never finishes', async () => {
    const server = await startServerProcess({ env: { ...env, CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS: '1500' } });
    const stuck = await openRaw(server.baseUrl);
    stuck.write(`PUT /api/v1/configs/stuck HTTP/1.1\r\nHost: x\r\nX-API-Key: ${ADMIN_KEY}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"va`);
    await new Promise((done) => setTimeout(done, 200));
    const signalled = Date.now();
    const code = await server.stop();
    const took = Date.now() - signalled;
    expect(code).toBe(0);
    expect(took).toBeGreaterThanOrEqual(1000);
    expect(took).toBeLessThan(1500 + 1000);
    expect(server.output()).toContain('the timeout cut requests or watchers');
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { HttpClient } from '../harness/http-client';
import { rawWebSocket } from '../harness/raw-websocket';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { openWatch, watchUrl, type WatchClient } from '../harness/watch-client';
import { metricSample } from '../harness/metric-sample';

/*
 * Watches hold nothing for long that they should not: a refused client that ignores the close,
 * a peer that vanished without a word, and one credential or address opening without bound.
 */

const WATCH_PATH = '/ws/v1/configs/updates';
const HEARTBEAT_MS = 200;

/** The status of a watch upgrade refused before the upgrade (or 101 when it was not). */
function upgradeStatus(baseUrl: string, apiKey: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(watchUrl(baseUrl), { headers: { 'x-api-key': apiKey } });
    socket.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      socket.terminate();
    });
    socket.on('upgrade', () => {
      resolve(101);
      socket.terminate();
    });
    socket.on('error', () => undefined);
  });
}

/** The status line of an upgrade request to the watch path that is not a valid WebSocket handshake (no Sec-WebSocket-Key). */
function malformedUpgrade(baseUrl: string, apiKey: string): Promise<string> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.write(`GET ${WATCH_PATH} HTTP/1.1\r\nHost: ${url.host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nX-API-Key: ${apiKey}\r\n\r\n`);
  });
}

describe.each(serverTargets().filter((target) => target.name === 'sqlite'))('watch hygiene ($name)', (target) => {
  let running: RunningTarget;
  let admin: HttpClient;
  beforeAll(async () => {
    running = await target.start({
      CONFIG_SERVICE_WATCH_HEARTBEAT_MS: String(HEARTBEAT_MS),
      CONFIG_SERVICE_WATCH_MAX_PER_CREDENTIAL: '3',
      CONFIG_SERVICE_WATCH_MAX_PER_ADDRESS: '5',
    });
    admin = new HttpClient(running.baseUrl, running.adminKey);
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('destroys the socket of a refused client that ignores the 4001 close within 1 s', async () => {
    const client = await rawWebSocket(running.baseUrl, WATCH_PATH, { 'x-api-key': 'csk_not-a-key-of-this-server-000' });
    const closedAfter = await Promise.race([client.closed, new Promise<number>((done) => setTimeout(() => done(Infinity), 5000))]);
    client.socket.destroy();
    console.log(`[robustness] refused watch ignoring the close: socket destroyed ${closedAfter.toFixed(0)} ms after the upgrade`);
    expect(client.status).toBe(101);
    expect(client.closeCodes).toEqual([4001]);
    // The grace is 1 s from the close; the timer may fire a little late on a busy machine.
    expect(closedAfter).toBeLessThan(1500);
  });

  it('pings every heartbeat and drops a peer that stopped answering', async () => {
    const client = await rawWebSocket(running.baseUrl, WATCH_PATH, { 'x-api-key': running.adminKey });
    expect(client.status).toBe(101);
    const closedAfter = await Promise.race([client.closed, new Promise<number>((done) => setTimeout(() => done(Infinity), 5000))]);
    client.socket.destroy();
    console.log(`[robustness] silent peer: ${client.pings} ping(s), dropped ${closedAfter.toFixed(0)} ms after the upgrade (heartbeat ${HEARTBEAT_MS} ms)`);
    expect(client.pings).toBeGreaterThanOrEqual(1);
    // One ping unanswered by the next heartbeat: dropped within two or three heartbeats.
    expect(closedAfter).toBeLessThan(HEARTBEAT_MS * 3 + 500);
  });

  it('keeps a peer that answers pings (as every WebSocket client does)', async () => {
    const watch = openWatch(running.baseUrl, { apiKey: running.adminKey });
    try {
      await watch.ready();
      let closed = false;
      void watch.closed.then(() => (closed = true));
      await new Promise((done) => setTimeout(done, HEARTBEAT_MS * 6));
      expect(closed, 'the server closed a watch whose peer answers pings').toBe(false);
    } finally {
      watch.close();
      await watch.closed;
    }
  });

  it('limits open watches per credential and per address with 429 before the upgrade', async () => {
    const other = (await admin.post('/api/v1/apikeys', { name: 'watcher', roles: ['reader'] })).json.key as string;
    const third = (await admin.post('/api/v1/apikeys', { name: 'watcher-3', roles: ['reader'] })).json.key as string;
    const open: WatchClient[] = [];
    try {
      for (let i = 0; i < 3; i++) open.push(openWatch(running.baseUrl, { apiKey: running.adminKey }));
      await Promise.all(open.map((watch) => watch.ready()));
      expect(await upgradeStatus(running.baseUrl, running.adminKey)).toBe(429);
      for (let i = 0; i < 2; i++) open.push(openWatch(running.baseUrl, { apiKey: other }));
      await Promise.all(open.map((watch) => watch.ready()));
      // Five from this address: a fresh credential is refused too.
      expect(await upgradeStatus(running.baseUrl, third)).toBe(429);
      // A closed watch frees its place.
      open[0]!.close();
      await open[0]!.closed;
      await new Promise((done) => setTimeout(done, 100));
      expect(await upgradeStatus(running.baseUrl, third)).toBe(101);
    } finally {
      for (const watch of open) watch.terminate();
    }
  });

  it('gives back the place of an upgrade that the WebSocket handshake then refuses', async () => {
    const key = (await admin.post('/api/v1/apikeys', { name: 'malformed-upgrades', roles: ['reader'] })).json.key as string;
    // More than the address's 5 places: each would be kept for good if a refused handshake did not give its place back.
    for (let i = 0; i < 7; i++) expect(await malformedUpgrade(running.baseUrl, key)).toMatch(/^HTTP\/1\.1 400 /);
    await new Promise((done) => setTimeout(done, 100));
    expect(await upgradeStatus(running.baseUrl, key)).toBe(101);
  });

  it("a refused watch that presented a key in a token's place does not get that key's good watches closed", async () => {
    const key = (await admin.post('/api/v1/apikeys', { name: 'form-mixup', roles: ['reader'] })).json.key as string;
    // Refused (a key is not an access token), and held open for the 1 s close grace: it never answers the close.
    const refused = await rawWebSocket(running.baseUrl, `${WATCH_PATH}?access_token=${encodeURIComponent(key)}`);
    const good = openWatch(running.baseUrl, { apiKey: key });
    await good.ready();
    let goodClosed: number | undefined;
    void good.closed.then(({ code }) => (goodClosed = code));
    // Credentials are revalidated every 250 ms while the refused socket is still held.
    await refused.closed;
    await new Promise((done) => setTimeout(done, 600));
    expect(refused.closeCodes).toEqual([4001]);
    expect(goodClosed).toBeUndefined();
    good.close();
  });
});

describe.each(serverTargets().filter((target) => target.name === 'sqlite'))('a watcher that stops reading ($name)', (target) => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await target.start({ CONFIG_SERVICE_WATCH_MAX_BUFFER_BYTES: '16384' });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('is closed with 4008 and, reading again within the close timeout, still gets the error frame first', async () => {
    const admin = new HttpClient(running.baseUrl, running.adminKey);
    const watch = openWatch(running.baseUrl, { apiKey: running.adminKey, namespaces: ['slow'] });
    try {
      await watch.ready();
      watch.pause();
      const closes4008 = async () => metricSample((await admin.get('/metrics', { key: null })).text, 'config_watch_closes_total{code="4008"}') ?? 0;
      // ~6 MB of frames: more than the kernel's socket buffers and the 16 KiB the server keeps.
      for (let i = 0; i < 100 && (await closes4008()) === 0; i++) {
        expect((await admin.put(`/api/v1/configs/k${i % 5}?namespace=slow`, { value: `${i}-${'x'.repeat(60_000)}` })).status).toBeLessThan(300);
      }
      expect(await closes4008()).toBe(1);
      // It reads again two seconds later: past the 1 s grace, but the frame never left the server before.
      await new Promise((done) => setTimeout(done, 2000));
      watch.resume();
      const closed = await watch.closed;
      expect(closed.code).toBe(4008);
      expect(watch.frames.at(-1)).toMatchObject({ type: 'error', code: 4008 });
    } finally {
      watch.terminate();
    }
  });
});

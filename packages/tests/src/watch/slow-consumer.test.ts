import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_KEY } from '../harness/targets';
import { startServerProcess, type ServerProcess } from '../harness/server-process';
import { HttpClient } from '../harness/http-client';
import { openWatch, revisionsOf, type WatchClient } from '../harness/watch-client';
import { waitFor } from '../harness/wait-for';
import { metricSample } from '../harness/metric-sample';
import { memoryDir } from '../harness/memory-dir';

/*
 * Backpressure, black-box: watchers that stop reading while 500 changes of ~31 KB flow are
 * closed with 4008, a watcher that keeps reading gets every change in order, and the server's
 * memory stays bounded however many slow watchers there are. RSS is read from /proc for the
 * spawned server.
 *
 * What is proven is a byte figure: each slow watcher is sent ~15 MB, so unbounded buffering
 * would hold ~740 MiB for the 50 of them (asserted below from the bytes the fast watcher got).
 * This test used to send the same bytes as 50,000 changes of ~300 B, then as 5,000 of ~3 KB;
 * both were bound by write speed, not by the watch, and on a loaded machine the second was slow
 * enough for a paused watcher to miss two heartbeats (1006) before its backlog passed the
 * limit. A hundred times fewer, larger frames send each watcher as many bytes.
 */

const CHANGES = 500;
const SLOW_WATCHERS = 50;
// Writes are CPU-bound on the one server core; eight keep a request always waiting for it.
const WRITERS = 8;
const MAX_BUFFER = 256 * 1024;
// ~31,100 bytes per frame: 500 × 31 KB × 50 watchers ≈ 740 MiB if the server buffered it all.
const PADDING = 'x'.repeat(30_900);
// At least the 715 MiB of the 50,000 × 300 B this test sent before.
const UNBOUNDED_AT_LEAST = 700 * 2 ** 20;

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

describe('slow watchers', () => {
  let server: ServerProcess;
  let writer: HttpClient;
  // 5,000 commits: the SQLite file lives in memory (tmpfs) so the run measures the watch, not fsync.
  const dataDir = memoryDir('cs-slow-');
  const clients: WatchClient[] = [];

  beforeAll(async () => {
    server = await startServerProcess({
      dataDir,
      env: {
        CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY,
        CONFIG_SERVICE_WATCH_MAX_BUFFER_BYTES: String(MAX_BUFFER),
        CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: '100000000',
        // A watcher that stops reading also stops answering pings, and a peer that misses one is
        // dropped (1006) at the second heartbeat. The longest heartbeat the contract allows gives
        // the backlog time to pass MAX_BUFFER first, so what is tested is the 4008 path.
        CONFIG_SERVICE_WATCH_HEARTBEAT_MS: '30000',
      },
    });
    const admin = new HttpClient(server.baseUrl, ADMIN_KEY);
    writer = admin.withKey((await admin.post('/api/v1/apikeys', { name: 'loader', roles: ['writer'] })).json.key);
  });
  afterAll(async () => {
    for (const client of clients) client.terminate();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it(`closes watchers that stop reading with 4008 while ${CHANGES} changes flow; memory stays flat`, { timeout: 600_000 }, async () => {
    const metric = async (name: string) => {
      const text = (await writer.get('/metrics', { key: null })).text;
      return metricSample(text, name) ?? 0;
    };
    // Warm up (JIT, pools, caches) before the baseline.
    for (let i = 0; i < 200; i++) await writer.put(`/api/v1/configs/warm${i % 10}?namespace=load`, { value: { i, PADDING } });

    const fast = openWatch(server.baseUrl, { apiKey: ADMIN_KEY, namespaces: ['load'] });
    // What each watcher is sent: every change frame's bytes, counted at the watcher that reads all.
    let changeBytes = 0;
    fast.onRawFrame((text) => {
      if (text.includes('"type":"change"')) changeBytes += Buffer.byteLength(text);
    });
    const slow = Array.from({ length: SLOW_WATCHERS }, () => openWatch(server.baseUrl, { apiKey: ADMIN_KEY, namespaces: ['load'] }));
    clients.push(fast, ...slow);
    const readies = await Promise.all([fast, ...slow].map((c) => c.ready()));
    for (const client of slow) client.pause();
    const start = readies[0]!.revision!;

    const baseline = rssBytes(server.pid);
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(server.pid))), 100);
    // Each slow watcher resumes once the server has closed it, so it can read the close frame.
    let resumed = false;
    const resumer = setInterval(async () => {
      if (resumed) return;
      if ((await metric('config_watch_closes_total{code="4008"}')) >= SLOW_WATCHERS) {
        resumed = true;
        for (const client of slow) client.resume();
      }
    }, 250);

    const began = performance.now();
    let next = 0;
    let failures = 0;
    let retried = 0;
    await Promise.all(
      Array.from({ length: WRITERS }, async () => {
        while (next < CHANGES) {
          const i = next++;
          // A PUT is idempotent: one retry covers a kept-alive connection the server closed
          // just as it was reused (undici reports "other side closed").
          const put = () => writer.put(`/api/v1/configs/k${i % 500}?namespace=load`, { value: { i, PADDING } });
          const res = await put().catch(() => {
            retried++;
            return put();
          });
          if (res.status >= 300) failures++;
        }
      }),
    );
    const seconds = (performance.now() - began) / 1000;
    await fast.waitForFrames(`all ${CHANGES} changes at the fast watcher`, () => fast.changes().length >= CHANGES, 60_000);
    clearInterval(sampler);
    clearInterval(resumer);
    if (!resumed) for (const client of slow) client.resume();

    const closes = await Promise.all(slow.map((c) => c.closed));
    const growth = peak - baseline;
    console.log(
      `[slow-consumer] ${CHANGES} changes in ${seconds.toFixed(1)} s (${(CHANGES / seconds).toFixed(0)}/s); ` +
        `${SLOW_WATCHERS} slow watchers closed with ${[...new Set(closes.map((c) => c.code))].join(',')}; ` +
        `server RSS baseline ${(baseline / 2 ** 20).toFixed(1)} MiB, peak ${(peak / 2 ** 20).toFixed(1)} MiB, growth ${(growth / 2 ** 20).toFixed(1)} MiB ` +
        `(unbounded buffering would need ${((changeBytes * SLOW_WATCHERS) / 2 ** 20).toFixed(0)} MiB); ${retried} writes retried`,
    );

    expect(failures).toBe(0);
    for (const [i, client] of slow.entries()) {
      expect(closes[i]!.code, `slow watcher ${i}`).toBe(4008);
      expect(client.frames.at(-1)).toMatchObject({ type: 'error', code: 4008 });
      // What it did get before the cut is in order with no gap.
      const revisions = revisionsOf(client.frames);
      revisions.forEach((revision, index) => expect(revision).toBe(start + 1 + index));
      expect(revisions.length).toBeLessThan(CHANGES);
    }
    const revisions = revisionsOf(fast.frames);
    expect(revisions.length).toBe(CHANGES);
    revisions.forEach((revision, index) => {
      if (revision !== start + 1 + index) expect(revision).toBe(start + 1 + index);
    });
    expect(await metric('config_watchers_open')).toBe(1);
    // The counterfactual is as large as claimed: the slow watchers were sent this much between them.
    expect(changeBytes * SLOW_WATCHERS).toBeGreaterThanOrEqual(UNBOUNDED_AT_LEAST);
    // Bounded: the slow watchers hold at most their buffers (50 × 256 KiB), far below the
    // ~740 MiB they were sent. What growth there is comes mostly from handling the requests, hence the margin.
    expect(growth).toBeLessThan(200 * 2 ** 20);
  });
});

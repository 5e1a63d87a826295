import { readFileSync, rmSync } from 'node:fs';
import { startServerProcess } from '@config-service/tests/harness/server-process';
import { memoryDir } from '@config-service/tests/harness/memory-dir';
import type { BenchContext, BenchResult, BenchSuite } from '../bench-suite';
import { measureNotify, type Measured, type OpenWatchers } from '../support/notify-rounds';
import { SERVER_CORE, pin } from '../support/pinning';
import { startFixture } from '../support/spawn-fixture';
import { webSocketWatchers } from '../support/watchers';
import { configPut } from '../support/write-requests';
import { Writer } from '../support/writers';
import { ADMIN_KEY, BENCH_SERVER_ENV } from '../support/server-env';

const WATCHERS = 10_000;
const NAMESPACE = 'bench-many';
/** The bare broadcast fixture's trigger. */
const BROADCAST = { method: 'POST', path: '/', headers: {}, body: '' };

/**
 * 10,000 watchers on one config-service process (embedded SQLite): the server's memory per
 * watcher (its RSS grown by opening them, over their number) and the time from sending a PUT
 * to the last of the 10,000 having the change; beside the same 10,000 connections on a bare
 * `ws` server that writes one frame to each (its memory per connection, and the time from
 * sending its trigger to the last one). This process holds the 10,000 client sockets, under
 * the 20,000 open files a process may have here; each server holds its 10,000.
 */
export const manyWatchers: BenchSuite = {
  name: 'many',
  description: `${WATCHERS} watchers on one process: memory per watcher, time to deliver one change to all, against a bare ws broadcast`,
  async run(context) {
    const rounds = context.quick ? 5 : 30;

    const fixture = await startFixture('broadcast-ws.mjs');
    let bare: Measured & { bytesPerWatcher: number };
    try {
      const url = fixture.url.replace(/^http/, 'ws');
      const writer = new Writer(fixture.url);
      bare = await withMemory(context, 'bare ws broadcast', fixture.pid, webSocketWatchers(() => url, WATCHERS), rounds, async () => {
        await writer.send(BROADCAST);
        return {};
      }).finally(() => writer.close());
    } finally {
      await fixture.stop();
    }

    const dataDir = memoryDir('cs-bench-many-');
    const server = await startServerProcess({
      dataDir,
      env: { ...BENCH_SERVER_ENV },
    });
    let ours: Measured & { bytesPerWatcher: number };
    try {
      pin(server.pid, SERVER_CORE);
      const writer = new Writer(server.baseUrl);
      const watchUrl = `${server.baseUrl.replace(/^http/, 'ws')}/ws/v1/configs/updates?namespace=${NAMESPACE}`;
      // Warm: one write before the baseline RSS, so the write path's own allocations are not counted as the watchers'.
      await writer.send(configPut(ADMIN_KEY, NAMESPACE, 'many', -1));
      ours = await withMemory(context, 'config-service', server.pid, webSocketWatchers(() => watchUrl, WATCHERS, { 'x-api-key': ADMIN_KEY }), rounds, async (round) => {
        await writer.send(configPut(ADMIN_KEY, NAMESPACE, 'many', round));
        return {};
      }).finally(() => writer.close());
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }

    const kb = (bytes: number) => bytes / 1024;
    const results: BenchResult[] = [
      { name: 'bare ws: memory per connection', value: kb(bare.bytesPerWatcher), unit: 'KB', note: `RSS growth over ${WATCHERS} connections` },
      {
        name: 'config-service: memory per watcher',
        value: kb(ours.bytesPerWatcher),
        unit: 'KB',
        ratio: { to: 'bare ws connection', value: ours.bytesPerWatcher / bare.bytesPerWatcher },
        target: { text: '<= 6 KB', met: kb(ours.bytesPerWatcher) <= 6 },
        note: `RSS growth over ${WATCHERS} watchers`,
      },
      { name: `bare ws: one change to all ${WATCHERS}, p50`, value: bare.toAll.p50, unit: 'ms', note: 'from sending the trigger to the last connection' },
      {
        name: `config-service: one change to all ${WATCHERS}, p50`,
        value: ours.toAll.p50,
        unit: 'ms',
        ratio: { to: 'bare ws broadcast', value: ours.toAll.p50 / bare.toAll.p50 },
        note: `from sending the PUT to the last watcher; median watcher ${ours.fromSend.p50.toFixed(1)} ms (bare ${bare.fromSend.p50.toFixed(1)} ms)`,
      },
    ];
    return results;
  },
};

async function withMemory(
  context: BenchContext,
  label: string,
  pid: number,
  open: OpenWatchers,
  rounds: number,
  trigger: Parameters<typeof measureNotify>[4],
): Promise<Measured & { bytesPerWatcher: number }> {
  const before = rssBytes(pid);
  let after = before;
  const measured = await measureNotify(
    context,
    `${label}, ${WATCHERS} watchers`,
    async (arrived) => {
      const watchers = await open(arrived);
      // Settled: the last handshakes' garbage has had a moment to go.
      await new Promise((done) => setTimeout(done, 1000));
      after = rssBytes(pid);
      return watchers;
    },
    rounds,
    trigger,
  );
  const bytesPerWatcher = (after - before) / WATCHERS;
  context.log(`${label}: RSS ${(before / 2 ** 20).toFixed(1)} MiB before, ${(after / 2 ** 20).toFixed(1)} MiB with ${WATCHERS} watchers: ${(bytesPerWatcher / 1024).toFixed(2)} KB each`);
  return { ...measured, bytesPerWatcher };
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
}

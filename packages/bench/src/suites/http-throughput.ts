import { rmSync } from 'node:fs';
import { startServerProcess } from '@config-service/tests/harness/server-process';
import { memoryDir } from '@config-service/tests/harness/memory-dir';
import type { BenchResult, BenchSuite } from '../bench-suite';
import { SERVER_CORE, pin } from '../support/pinning';
import { startFixture } from '../support/spawn-fixture';
import { measureThroughput, type LoadResult } from '../support/load';
import { base64, findEtcd, startEtcd } from '../support/etcd-server';
import { etcdPut } from '../support/write-requests';
import { Writer } from '../support/writers';
import { ADMIN_KEY, BENCH_SERVER_ENV } from '../support/server-env';


/**
 * Cached GET requests/s of the built server (embedded SQLite, in-process cache), against an
 * express hello world and a plain node:http hello world, one after another on the same core.
 */
export const httpThroughput: BenchSuite = {
  name: 'http',
  description: 'cached GET /api/v1/configs/{key} vs hello worlds and etcd',
  async run(context) {
    const measure = async (label: string, url: string, headers?: Record<string, string>, body?: string): Promise<LoadResult> => {
      const result = await measureThroughput(url, {
        durationSeconds: context.durationSeconds,
        ...(headers ? { headers } : {}),
        ...(body !== undefined ? { method: 'POST' as const, body } : {}),
      });
      context.log(`${label}: ${result.requestsPerSecond.toFixed(0)} req/s (p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms, non-2xx ${result.non2xx}, errors ${result.errors})`);
      if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
      return result;
    };

    const plain = await startFixture('hello-http.mjs');
    const nodeHello = await measure('node:http hello world', plain.url).finally(() => plain.stop());
    const framework = await startFixture('hello-express.mjs');
    const expressHello = await measure('express hello world', framework.url).finally(() => framework.stop());

    const cachedGet = async (label: string, logLevel: string): Promise<LoadResult> => {
      const dataDir = memoryDir('cs-bench-');
      // With the access log on, a line a request comes through the pipe: keep only its tail.
      const server = await startServerProcess({ dataDir, env: { ...BENCH_SERVER_ENV, LOG_LEVEL: logLevel }, keepOutput: 64 * 1024 });
      try {
        pin(server.pid, SERVER_CORE);
        const headers = { 'x-api-key': ADMIN_KEY };
        const url = `${server.baseUrl}/api/v1/configs/stripe.timeout_ms?namespace=payments`;
        const put = await fetch(url, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: '{"value":3000,"metadata":{"owner":"team-payments"}}' });
        if (!put.ok) throw new Error(`PUT failed: ${put.status} ${await put.text()}`);
        const result = await measure(label, url, headers);
        const metrics = await (await fetch(`${server.baseUrl}/metrics`)).text();
        const ratio = /^config_cache_hit_ratio\{namespace="payments"\} (\S+)$/m.exec(metrics)?.[1];
        context.log(`${label}: config_cache_hit_ratio{namespace="payments"} ${ratio}`);
        return result;
      } finally {
        await server.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    };
    const cached = await cachedGet('config-service cached GET', 'warn');
    // The contract's access log (one JSON line per request, at info, the default level) costs
    // CPU on every request: the same read with it on, so the table shows what it costs.
    const logged = await cachedGet('config-service cached GET, access log on', 'info');

    // etcd's read of one key through its JSON gateway (a linearizable range, etcd's default).
    let etcdRead: { version: string; result: LoadResult } | null = null;
    if (findEtcd()) {
      const etcd = await startEtcd();
      try {
        const writer = new Writer(etcd.url);
        await writer.send(etcdPut('payments/stripe.timeout_ms', '{"value":3000,"metadata":{"owner":"team-payments"}}')).finally(() => writer.close());
        const result = await measure(`etcd ${etcd.version} range`, `${etcd.url}/v3/kv/range`, { 'content-type': 'application/json' }, JSON.stringify({ key: base64('payments/stripe.timeout_ms') }));
        etcdRead = { version: etcd.version, result };
      } finally {
        await etcd.stop();
      }
    } else {
      context.log('etcd is not installed (Debian etcd-server): no etcd figure');
    }

    const toExpress = cached.requestsPerSecond / expressHello.requestsPerSecond;
    const toNode = cached.requestsPerSecond / nodeHello.requestsPerSecond;
    const results: BenchResult[] = [
      { name: 'node:http hello world', value: nodeHello.requestsPerSecond, unit: 'req/s' },
      { name: 'express hello world', value: expressHello.requestsPerSecond, unit: 'req/s' },
      {
        name: 'config-service cached GET',
        value: cached.requestsPerSecond,
        unit: 'req/s',
        ratio: { to: 'express hello world', value: toExpress },
        target: { text: '>= 0.8x express hello world', met: toExpress >= 0.8 },
        note: `p50 ${cached.p50Ms} ms, p99 ${cached.p99Ms} ms; embedded SQLite, in-process cache, LOG_LEVEL=warn`,
      },
      {
        name: 'config-service cached GET',
        value: cached.requestsPerSecond,
        unit: 'req/s',
        ratio: { to: 'node:http hello world', value: toNode },
        target: { text: '>= 0.4x node:http hello world', met: toNode >= 0.4 },
      },
      {
        name: 'config-service cached GET, access log on',
        value: logged.requestsPerSecond,
        unit: 'req/s',
        ratio: { to: 'node:http hello world', value: logged.requestsPerSecond / nodeHello.requestsPerSecond },
        note: `LOG_LEVEL=info (the default): one JSON line per request to stdout; p50 ${logged.p50Ms} ms, p99 ${logged.p99Ms} ms`,
      },
    ];
    if (etcdRead) {
      results.push(
        { name: `etcd ${etcdRead.version} GET (range)`, value: etcdRead.result.requestsPerSecond, unit: 'req/s', note: `POST /v3/kv/range on the JSON gateway; p50 ${etcdRead.result.p50Ms} ms` },
        { name: 'config-service cached GET', value: cached.requestsPerSecond, unit: 'req/s', ratio: { to: `etcd ${etcdRead.version} GET`, value: cached.requestsPerSecond / etcdRead.result.requestsPerSecond } },
      );
    }
    return results;
  },
};

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { do_not_optimize, measure } from 'mitata';
import { createClient } from '@config-service/node';
import { startServerProcess } from '@config-service/tests/harness/server-process';
import { waitFor } from '@config-service/tests/harness/wait-for';
import type { BenchResult, BenchSuite } from '../bench-suite';
import { ADMIN_KEY, BENCH_SERVER_ENV } from '../support/server-env';

const NAMESPACE = 'bench-sdk';
const KEYS = 1000;

/**
 * The SDK's local read: `client.get(key)` on a stream-mode @config-service/node client that is
 * in sync with a real server (1,000 keys), against `Map.get` on a Map of the same keys, in the
 * same process and run. Each sample reads every key once; ns/op is the sample's median / 1,000.
 * Rounds alternate between the two so that a slow moment of the machine hits both.
 */
export const sdkGet: BenchSuite = {
  name: 'sdk',
  description: `SDK local get vs Map.get (${KEYS} keys), ns/op`,
  async run(context) {
    const dataDir = mkdtempSync(join(tmpdir(), 'cs-bench-sdk-'));
    const server = await startServerProcess({ dataDir, env: { ...BENCH_SERVER_ENV } });
    const keys = Array.from({ length: KEYS }, (_, i) => `feature.flag_${i}`);
    const client = createClient({ baseUrl: server.baseUrl, apiKey: ADMIN_KEY, namespaces: [NAMESPACE] });
    try {
      for (let i = 0; i < keys.length; i += 50) {
        await Promise.all(
          keys.slice(i, i + 50).map(async (key, j) => {
            const response = await fetch(`${server.baseUrl}/api/v1/configs/${key}?namespace=${NAMESPACE}`, {
              method: 'PUT',
              headers: { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' },
              body: JSON.stringify({ value: { on: (i + j) % 2 === 0, rollout: i + j } }),
            });
            if (!response.ok) throw new Error(`PUT ${key}: ${response.status}`);
          }),
        );
      }
      await client.ready();
      await waitFor('the SDK client to receive every key', async () => Object.keys(client.getAll()).length === KEYS, 5_000, 25);
      const map = new Map(keys.map((key) => [key, client.get(key)]));
      const options = { namespace: NAMESPACE };

      // One function literal per subject: a shared helper calling `read(key)` would give all
      // three one call site, whose type feedback turns polymorphic and slows whichever runs next.
      const subjects = {
        map: () => {
          for (let i = 0; i < keys.length; i++) do_not_optimize(map.get(keys[i]!));
        },
        sdk: () => {
          for (let i = 0; i < keys.length; i++) do_not_optimize(client.get(keys[i]!, options));
        },
        sdkDefault: () => {
          for (let i = 0; i < keys.length; i++) do_not_optimize(client.get(keys[i]!));
        },
      };
      const perOp = async (subject: () => void): Promise<number> => {
        const stats = await measure(subject, { min_cpu_time: (context.quick ? 50 : 500) * 1e6 });
        return stats.p50 / keys.length;
      };
      const rounds = context.quick ? 1 : 5;
      const mapRuns: number[] = [];
      const sdkRuns: number[] = [];
      const sdkDefaultRuns: number[] = [];
      for (let round = 0; round < rounds; round++) {
        mapRuns.push(await perOp(subjects.map));
        sdkRuns.push(await perOp(subjects.sdk));
        sdkDefaultRuns.push(await perOp(subjects.sdkDefault));
      }
      const mapNs = median(mapRuns);
      const sdkNs = median(sdkRuns);
      const sdkDefaultNs = median(sdkDefaultRuns);
      context.log(`Map.get ${mapRuns.map(format).join(' ')} ns/op; client.get(key, { namespace }) ${sdkRuns.map(format).join(' ')}; client.get(key) ${sdkDefaultRuns.map(format).join(' ')}`);
      const results: BenchResult[] = [
        { name: 'Map.get (baseline)', value: mapNs, unit: 'ns/op' },
        {
          name: 'SDK client.get(key, { namespace })',
          value: sdkNs,
          unit: 'ns/op',
          ratio: { to: 'Map.get', value: sdkNs / mapNs },
          target: { text: '<= 5x Map.get', met: sdkNs / mapNs <= 5 },
          note: `stream mode, in sync with a real server, ${KEYS} keys; median of ${rounds} rounds`,
        },
        { name: 'SDK client.get(key)', value: sdkDefaultNs, unit: 'ns/op', ratio: { to: 'Map.get', value: sdkDefaultNs / mapNs }, note: 'default namespace, no options object' },
      ];
      return results;
    } finally {
      await client.close();
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function format(value: number): string {
  return value.toFixed(2);
}

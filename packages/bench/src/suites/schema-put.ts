import { rmSync } from 'node:fs';
import { ChangeFeed, ConfigEngine, MemoryConfigStore, SYSTEM_ACTOR } from '@config-service/contract';
import { startServerProcess } from '@config-service/tests/harness/server-process';
import { memoryDir } from '@config-service/tests/harness/memory-dir';
import type { BenchSuite } from '../bench-suite';
import { SERVER_CORE, pin } from '../support/pinning';

const ADMIN_KEY = 'csk_bench-admin-key-0123456789abcdef';
const PROPERTIES = 50;

/** A schema of 50 typed properties, each with a keyword or two, as a real config object has. */
const schema = {
  type: 'object',
  properties: Object.fromEntries(
    Array.from({ length: PROPERTIES }, (_, i) => [
      `field_${i}`,
      i % 3 === 0 ? { type: 'integer', minimum: 0 } : i % 3 === 1 ? { type: 'string', maxLength: 64, pattern: '^[a-z0-9-]+$' } : { type: 'boolean' },
    ]),
  ),
  required: Array.from({ length: PROPERTIES }, (_, i) => `field_${i}`),
  additionalProperties: false,
};

/** A value that passes the schema; `n` makes each write a change (a no-op PUT would check nothing). */
function valueFor(n: number): Record<string, unknown> {
  return Object.fromEntries(
    Array.from({ length: PROPERTIES }, (_, i) => [`field_${i}`, i % 3 === 0 ? n + i : i % 3 === 1 ? `value-${n}-${i}` : (n + i) % 2 === 0]),
  );
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

/**
 * The same comparison in this process on the contract engine over the in-memory store (the
 * mock's): no network or database, so the schema check is a larger share of each write.
 */
async function engineTimings(writes: number): Promise<Record<'typed' | 'untyped', number[]>> {
  const engine = new ConfigEngine({ store: new MemoryConfigStore(), feed: new ChangeFeed() });
  await engine.schemas.put(SYSTEM_ACTOR, 'bench', 'typed', schema);
  const timings: Record<'typed' | 'untyped', number[]> = { typed: [], untyped: [] };
  let n = 0;
  for (let round = 0; round < writes / 100; round += 1) {
    for (const key of round % 2 === 0 ? (['typed', 'untyped'] as const) : (['untyped', 'typed'] as const)) {
      for (let i = 0; i < 100; i += 1) {
        const value = valueFor((n += 1));
        const started = performance.now();
        await engine.put(SYSTEM_ACTOR, 'bench', key, { value });
        if (round >= 2) timings[key].push(performance.now() - started);
      }
    }
  }
  return timings;
}

/**
 * PUT latency on a key with a 50-property JSON Schema against the same PUT on a key without
 * one, same server, same values, interleaved in rounds so drift of a loaded machine hits both.
 */
export const schemaPut: BenchSuite = {
  name: 'schema',
  description: 'PUT p50 on a key with a 50-property JSON Schema vs a key without one',
  async run(context) {
    const dataDir = memoryDir('cs-bench-');
    const server = await startServerProcess({
      dataDir,
      env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: '1000000000', LOG_LEVEL: 'warn' },
    });
    const timings: Record<'typed' | 'untyped', number[]> = { typed: [], untyped: [] };
    try {
      pin(server.pid, SERVER_CORE);
      const headers = { 'x-api-key': ADMIN_KEY, 'content-type': 'application/json' };
      const url = (key: string) => `${server.baseUrl}/api/v1/configs/${key}?namespace=bench`;
      const put = async (key: string, body: string) => {
        const response = await fetch(url(key), { method: 'PUT', headers, body });
        if (!response.ok) throw new Error(`PUT ${key}: ${response.status} ${await response.text()}`);
        await response.arrayBuffer();
      };
      const created = await fetch(`${server.baseUrl}/api/v1/configs/typed/schema?namespace=bench`, { method: 'PUT', headers, body: JSON.stringify(schema) });
      if (created.status !== 201) throw new Error(`PUT schema: ${created.status} ${await created.text()}`);
      const rounds = context.quick ? 10 : 40;
      const perRound = 50;
      let n = 0;
      // Warm-up: the JIT, SQLite's pages, the connection.
      for (let i = 0; i < 100; i += 1) {
        await put('typed', JSON.stringify({ value: valueFor((n += 1)) }));
        await put('untyped', JSON.stringify({ value: valueFor((n += 1)) }));
      }
      for (let round = 0; round < rounds; round += 1) {
        const order: ('typed' | 'untyped')[] = round % 2 === 0 ? ['typed', 'untyped'] : ['untyped', 'typed'];
        for (const key of order) {
          for (let i = 0; i < perRound; i += 1) {
            const body = JSON.stringify({ value: valueFor((n += 1)) });
            const started = performance.now();
            await put(key, body);
            timings[key].push(performance.now() - started);
          }
        }
      }
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
    const inProcess = await engineTimings(context.quick ? 2000 : 20000);
    const engineTyped = percentile(inProcess.typed.sort((a, b) => a - b), 50);
    const engineUntyped = percentile(inProcess.untyped.sort((a, b) => a - b), 50);
    context.log(`engine put (in memory): with schema p50 ${(engineTyped * 1000).toFixed(1)} µs, without ${(engineUntyped * 1000).toFixed(1)} µs`);
    const typed = timings.typed.sort((a, b) => a - b);
    const untyped = timings.untyped.sort((a, b) => a - b);
    const typedP50 = percentile(typed, 50);
    const untypedP50 = percentile(untyped, 50);
    const ratio = typedP50 / untypedP50;
    context.log(`PUT with schema: p50 ${typedP50.toFixed(3)} ms, p99 ${percentile(typed, 99).toFixed(3)} ms (${typed.length} writes)`);
    context.log(`PUT without schema: p50 ${untypedP50.toFixed(3)} ms, p99 ${percentile(untyped, 99).toFixed(3)} ms (${untyped.length} writes)`);
    return [
      { name: 'PUT, key without a schema', value: untypedP50, unit: 'ms p50', note: `p99 ${percentile(untyped, 99).toFixed(2)} ms` },
      {
        name: `PUT, key with a ${PROPERTIES}-property schema`,
        value: typedP50,
        unit: 'ms p50',
        ratio: { to: 'key without a schema', value: ratio },
        target: { text: '<= 1.1x key without a schema', met: ratio <= 1.1 },
        note: `p99 ${percentile(typed, 99).toFixed(2)} ms; same 50-property values, interleaved rounds, embedded SQLite`,
      },
      { name: 'engine put in memory, no schema', value: engineUntyped * 1000, unit: 'µs p50', note: 'ConfigEngine on MemoryConfigStore, in process' },
      {
        name: `engine put in memory, ${PROPERTIES}-property schema`,
        value: engineTyped * 1000,
        unit: 'µs p50',
        ratio: { to: 'no schema', value: engineTyped / engineUntyped },
        note: 'the check alone, with no network or database to hide it',
      },
    ];
  },
};

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisEntryCache } from './redis-entry-cache';
import { markerFor } from './entry-cache';
import { entryAt } from '../../test/test-entries';

/*
 * The compare-and-set runs in Redis (Lua), so it is tested against a real redis-server on a
 * free port. Missing redis-server skips locally and fails under CI=true.
 */
const hasRedis = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;
if (!hasRedis && process.env.CI === 'true') throw new Error('redis-server is required under CI=true (Debian package `redis-server`)');

describe.skipIf(!hasRedis)('RedisEntryCache', () => {
  let server: ChildProcess;
  let client: Redis;

  beforeAll(async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    client = new Redis({ port, host: '127.0.0.1', retryStrategy: () => 50 });
    client.on('error', () => undefined); // refused until redis-server listens
    await new Promise((ready) => client.once('ready', ready));
  });
  afterAll(async () => {
    client?.disconnect();
    server?.kill('SIGKILL');
  });

  it('round-trips an entry exactly: value text, metadata, tombstones, dates', async () => {
    const cache = new RedisEntryCache({ client, prefix: 'rt:' });
    const entry = { ...entryAt(7), valueJson: '{"n":12345678901234567890.5,"s":"a|b\\nc"}', metadataJson: '{"owner":"x"}', secret: true };
    await cache.offer('ns', 'k', { revision: 7, entry });
    expect(await cache.get('ns', 'k')).toEqual({ revision: 7, entry });
    const tombstone = { ...entryAt(8), deleted: true, valueJson: null, metadataJson: null };
    await cache.offer('ns', 'k', { revision: 8, entry: tombstone });
    expect(await cache.get('ns', 'k')).toEqual({ revision: 8, entry: tombstone });
    expect(await cache.get('ns', 'absent')).toBeUndefined();
  });

  it('keeps the highest revision under racing writers and slow readers', async () => {
    const cache = new RedisEntryCache({ client, prefix: 'race:' });
    for (let round = 0; round < 20; round++) {
      const key = `k${round}`;
      const revisions = Array.from({ length: 30 }, (_, i) => i + 1).sort(() => Math.random() - 0.5);
      const top = Math.max(...revisions);
      // Entries and markers, all at once, in random order.
      await Promise.all(revisions.map((revision) => cache.offer('ns', key, revision % 4 === 0 ? markerFor(revision) : { revision, entry: entryAt(revision) })));
      const slot = await cache.get('ns', key);
      expect(slot?.revision).toBe(top);
      // A slow reader's older entry never goes back in.
      await cache.offer('ns', key, { revision: top - 1, entry: entryAt(top - 1) });
      expect((await cache.get('ns', key))?.revision).toBe(top);
    }
  });

  it('lets the entry of a marker revision in, and never a marker over its entry', async () => {
    const cache = new RedisEntryCache({ client, prefix: 'marker:' });
    await cache.offer('ns', 'k', markerFor(5));
    expect(await cache.get('ns', 'k')).toEqual({ revision: 5, entry: null });
    await cache.offer('ns', 'k', { revision: 4, entry: entryAt(4) });
    expect((await cache.get('ns', 'k'))?.entry).toBeNull();
    await cache.offer('ns', 'k', { revision: 5, entry: entryAt(5) });
    expect((await cache.get('ns', 'k'))?.entry?.revision).toBe(5);
    await cache.offer('ns', 'k', markerFor(5));
    expect((await cache.get('ns', 'k'))?.entry?.revision).toBe(5);
  });
});

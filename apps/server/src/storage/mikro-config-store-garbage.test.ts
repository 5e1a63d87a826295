import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { afterAll, describe, expect, it } from 'vitest';
import type { Actor } from '@config-service/contract';
import { openDatabase, type Database } from './open-database';
import { MikroConfigStore } from './mikro-config-store';
import { storageOnlyWrite } from './storage-only-write';

/*
 * What a write allocates is garbage once it is answered. While the write unit was an object
 * literal with a getter, its objects survived scavenges and were promoted: 3.8 KB per write
 * moved into the old generation, and each scavenge took ten times as long. Measured as the old
 * generation's growth over writes during which, and just before which, no major GC ran (one
 * would empty the old generation, or its sweeping would, and hide the growth).
 */
describe('the store’s writes', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cs-write-garbage-'));
  let database: Database | undefined;
  afterAll(async () => {
    await database?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('leave nothing behind that is promoted to the old generation', { timeout: 60_000 }, async () => {
    database = await openDatabase({ dataDir });
    const store = new MikroConfigStore(database);
    const actor: Actor = { name: 'test', keyId: 'test', requestId: null };
    let n = 0;
    const writes = async (count: number) => {
      for (let i = 0; i < count; i++) await storageOnlyWrite(store, 'ns', 'key', ++n, actor);
    };
    const oldSpaceUsed = () => getHeapSpaceStatistics().find((space) => space.space_name === 'old_space')!.space_used_size;
    // Major GCs, counted from the warm-up on (GC entries are delivered on a later turn).
    let majorGcs = 0;
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) if (((entry as { detail?: { kind?: number } }).detail?.kind ?? 0) & constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs += 1;
    });
    observer.observe({ entryTypes: ['gc'] });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 10));
    try {
      await writes(2000);
      await settle();
      const WRITES = 3000;
      let majorsBefore = majorGcs;
      for (let attempt = 0; attempt < 6; attempt++) {
        const before = oldSpaceUsed();
        await writes(WRITES);
        const grown = oldSpaceUsed() - before;
        await settle();
        // Valid only if no major GC ran in this window nor in the one before it.
        const quiet = majorGcs === majorsBefore && attempt > 0;
        majorsBefore = majorGcs;
        if (!quiet) continue;
        // With the getter: 3.8 KB per write. Without: what the database's own caches keep (~40 bytes).
        expect(grown / WRITES).toBeLessThan(1024);
        return;
      }
      throw new Error('a major GC ran in or before every window: the growth could not be measured');
    } finally {
      observer.disconnect();
    }
  });
});

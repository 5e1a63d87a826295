import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileSnapshotStore } from './file-snapshot-store';

function tempPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'cs-file-store-')), 'nested', 'snapshot.json');
}

describe('createFileSnapshotStore', () => {
  it('loads null when there is no file, and what was saved after a save', async () => {
    const store = createFileSnapshotStore(tempPath());
    expect(await store.load()).toBeNull();
    await store.save('{"a":1}');
    expect(await store.load()).toBe('{"a":1}');
  });

  it('a reader polling during saves only ever sees a whole old or a whole new snapshot', async () => {
    const path = tempPath();
    const store = createFileSnapshotStore(path);
    const versions = ['A', 'B', 'C', 'D'].map((letter) => `{"v":"${letter.repeat(4_000_000)}"}`);
    await store.save(versions[0]!);
    const seen = new Set<number>();
    let torn = 0;
    let reads = 0;
    let saving = true;
    // Reads run between the write's chunks (they go through the thread pool).
    const reader = (async () => {
      while (saving) {
        const text = readFileSync(path, 'utf8');
        reads++;
        const index = versions.indexOf(text);
        if (index < 0) torn++;
        else seen.add(index);
        await new Promise((next) => setImmediate(next));
      }
    })();
    for (const text of versions.slice(1)) await store.save(text);
    saving = false;
    await reader;
    expect(reads).toBeGreaterThan(3);
    expect(torn).toBe(0);
    expect(seen.size).toBeGreaterThan(1);
  });

  it('leaves no temp file behind and keeps the file private (0600)', async () => {
    const path = tempPath();
    const store = createFileSnapshotStore(path);
    for (let i = 0; i < 5; i++) await store.save(`{"i":${i}}`);
    expect(readdirSync(join(path, '..'))).toEqual(['snapshot.json']);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('reports a save it cannot make and keeps the previous snapshot', async () => {
    const path = tempPath();
    const store = createFileSnapshotStore(path);
    await store.save('{"ok":true}');
    // A directory where the temp file's parent should be a file: the rename target is a directory.
    const blocked = createFileSnapshotStore(join(path, '..'));
    await expect(blocked.save('{"x":1}')).rejects.toThrow();
    expect(readFileSync(path, 'utf8')).toBe('{"ok":true}');
    writeFileSync(path, 'still readable');
    expect(await store.load()).toBe('still readable');
  });
});

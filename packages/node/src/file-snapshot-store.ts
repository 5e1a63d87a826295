import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { SnapshotStore } from '@config-service/client';

/**
 * A snapshot in a file, replaced atomically: the text goes to a temp file in the same
 * directory, is flushed to disk, then renamed over the old file. A reader (or a process that
 * starts after a crash) sees the old snapshot or the new one, never half of one.
 * @example
 * const store = createFileSnapshotStore('/var/lib/my-service/config-snapshot.json');
 */
export function createFileSnapshotStore(path: string): SnapshotStore {
  const target = resolve(path);
  return {
    location: target,
    async load() {
      try {
        return await readFile(target, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async save(text) {
      await mkdir(dirname(target), { recursive: true });
      // Same directory: rename is atomic only within one file system.
      const temp = `${target}.${process.pid}.${randomUUID()}.tmp`;
      try {
        // 0600: the snapshot holds every value this client may read, secrets included.
        const handle = await open(temp, 'w', 0o600);
        try {
          await handle.writeFile(text, 'utf8');
          // On disk before it becomes visible under the real name.
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, target);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  };
}

import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A new directory on tmpfs (/dev/shm) where the machine has one, else under the temp dir: for
 * data whose fsyncs a measurement or a long test should not wait on.
 */
export function memoryDir(prefix: string): string {
  return mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), prefix));
}

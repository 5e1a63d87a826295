import { writeFileSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Writes the generated first admin key to a file only its owner can read; returns the path. */
export function writeAdminKeyFile(dataDir: string, key: string): string {
  mkdirSync(dataDir, { recursive: true });
  const path = adminKeyPath(dataDir);
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: 'w' });
  return path;
}

export function adminKeyPath(dataDir: string): string {
  return join(resolve(dataDir), 'admin-key');
}

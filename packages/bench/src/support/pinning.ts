import { spawnSync } from 'node:child_process';

/**
 * The server side runs on core 0 and the load generator (this process) on core 1, so neither
 * steals the other's CPU. Linux only (taskset, from util-linux); elsewhere nothing is pinned
 * and the report says so.
 */
export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

export function canPin(): boolean {
  return process.platform === 'linux' && spawnSync('taskset', ['-V']).status === 0;
}

/** Pins every thread of `pid` to `core`. */
export function pin(pid: number, core: number): void {
  if (!canPin()) return;
  const result = spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`taskset failed for pid ${pid}: ${result.stderr}`);
}

/** Pins `pid` and its children (PostgreSQL's postmaster and its background processes) to `core`. */
export function pinTree(pid: number, core: number): void {
  pin(pid, core);
  for (const child of childPids(pid)) pin(child, core);
}

/**
 * The pids of `pid`'s children (PostgreSQL's background processes), to pin them too; none when
 * `pgrep` (Debian package `procps`) is missing.
 */
export function childPids(pid: number): number[] {
  const result = spawnSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' });
  return (result.stdout ?? '').split('\n').filter(Boolean).map(Number);
}

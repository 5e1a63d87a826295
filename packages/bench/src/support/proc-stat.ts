import { readFileSync } from 'node:fs';

/**
 * The name and CPU ms (user; system: kernel work, loopback TCP and the disk) in a /proc stat
 * file, `/proc/<pid>/stat` or a thread's `/proc/<pid>/task/<tid>/stat` (clock ticks of 10 ms).
 */
export function procStat(path: string): { name: string; user: number; system: number } {
  const stat = readFileSync(path, 'utf8');
  // The name is in parentheses and may hold spaces: the fields follow the last ') '.
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}

/** User + system CPU ms of process `pid` so far, every thread. */
export function processCpuMs(pid: number): number {
  const { user, system } = procStat(`/proc/${pid}/stat`);
  return user + system;
}

import type { ChildProcess } from 'node:child_process';

/** Asks `child` to stop with `signal`, waits up to `graceMs` for it to exit, then kills it (SIGKILL). */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill(signal);
  await Promise.race([exited, new Promise((done) => setTimeout(done, graceMs))]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

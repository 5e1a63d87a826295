import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_CORE, pin } from './pinning';

export interface FixtureServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Seconds a server may take to print its URL (a floor waits for its database's migrations). */
const START_TIMEOUT_MS = 60_000;

/** Starts a baseline server from `fixtures/` on the server core and waits for its URL. */
export function startFixture(file: string): Promise<FixtureServer> {
  return startListening(file, [fileURLToPath(new URL(`../../fixtures/${file}`, import.meta.url))]);
}

/**
 * Runs `node ...args` on the server core and waits for it to print `listening on URL`. If it
 * exits first, cannot be pinned or takes longer than a minute, it is killed and this rejects
 * with the end of what it printed on stderr; once it listens, its stderr goes to the bench's.
 */
export async function startListening(label: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<FixtureServer> {
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let err = '';
  const keepErr = (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000));
  child.stderr!.on('data', keepErr);
  let url: string;
  try {
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (\S+)/.exec(out);
        if (match) resolve(match[1]!);
      });
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`${label} exited with ${code}: ${err}`)));
      setTimeout(() => reject(new Error(`${label} did not listen within ${START_TIMEOUT_MS / 1000} s: ${err}`)), START_TIMEOUT_MS).unref();
      pin(child.pid!, SERVER_CORE);
    });
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  child.stderr!.off('data', keepErr);
  child.stderr!.pipe(process.stderr);
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_CORE, pin } from './pinning';

export interface FixtureServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a baseline server from `fixtures/` on the server core and waits for its URL. */
export function startFixture(file: string): Promise<FixtureServer> {
  return startListening(file, [fileURLToPath(new URL(`../../fixtures/${file}`, import.meta.url))]);
}

/**
 * Runs `node ...args` on the server core and waits for it to print `listening on URL`; if it
 * exits first, rejects with what it printed on stderr.
 */
export async function startListening(label: string, args: readonly string[], options: { cwd?: string } = {}): Promise<FixtureServer> {
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
  pin(child.pid!, SERVER_CORE);
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-2000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${label} exited with ${code}: ${err}`)));
  });
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

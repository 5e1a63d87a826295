import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../harness/free-port';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface ViteDevServer {
  url: string;
  stop(): Promise<void>;
}

/** Runs an example's own `vite` dev server (what `pnpm dev` in its folder runs), on `port` or a free one. */
export async function startExampleDevServer(example: string, port?: number, env: Record<string, string> = {}): Promise<ViteDevServer> {
  const cwd = join(repoRoot, 'examples', example);
  port ??= await freePort();
  const child = spawn(process.execPath, [join(cwd, 'node_modules/vite/bin/vite.js'), '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => fail(new Error(`vite did not start within 30 s:\n${output}`)), 30_000);
    child.stdout?.on('data', () => {
      if (output.includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`vite exited with ${code}:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

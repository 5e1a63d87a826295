import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SERVER_CORE, pin } from './pinning';

export interface FixtureServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts a baseline server from `fixtures/` on the server core and waits for its URL. */
export async function startFixture(file: string): Promise<FixtureServer> {
  const path = fileURLToPath(new URL(`../../fixtures/${file}`, import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [path], { stdio: ['ignore', 'pipe', 'inherit'] });
  pin(child.pid!, SERVER_CORE);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

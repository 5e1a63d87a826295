import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
export const SERVER_ENTRY = join(repoRoot, 'apps/server/dist/main.js');

export interface ServerProcessOptions {
  /** Extra environment; PORT, HOST and the data dir are chosen here unless given. */
  env?: Record<string, string | undefined>;
  dataDir?: string;
  /** Node options before the entry, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  /** Another build of the server to run (a bench comparing builds). @default SERVER_ENTRY */
  entry?: string;
}

export interface ServerProcess {
  baseUrl: string;
  dataDir: string;
  /** The first line the server printed. */
  firstLine: string;
  /** Everything printed so far (stdout and stderr), for assertions and failure messages. */
  output(): string;
  pid: number;
  /** SIGTERM and wait; the exit code (null when a signal ended it). */
  stop(): Promise<number | null>;
  /** SIGKILL and wait: a crash. */
  kill(): Promise<number | null>;
}

/** Starts the built server (apps/server/dist/main.js) as its own process on a free port. */
export async function startServerProcess(options: ServerProcessOptions = {}): Promise<ServerProcess> {
  const entry = options.entry ?? SERVER_ENTRY;
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm test builds before testing)`);
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cs-data-'));
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), entry], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      CONFIG_SERVICE_DATA_DIR: dataDir,
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-200_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const firstLine = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s:\n${output}`)), 30_000);
    const onData = () => {
      const newline = output.indexOf('\n');
      if (newline >= 0 && /listening on/.test(output)) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolveLine(output.slice(0, newline));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${output}`));
    });
  });
  const url = /listening on (http:\/\/\S+)/.exec(firstLine)?.[1];
  if (!url) throw new Error(`could not read the URL from: ${firstLine}`);

  const waitExit = (signal: NodeJS.Signals) =>
    new Promise<number | null>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done(child.exitCode);
      child.once('exit', (code) => done(code));
      child.kill(signal);
    });

  return {
    baseUrl: url,
    dataDir,
    firstLine,
    output: () => output,
    pid: child.pid ?? -1,
    stop: () => waitExit('SIGTERM'),
    kill: () => waitExit('SIGKILL'),
  };
}

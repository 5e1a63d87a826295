import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The built server; CS_SERVER_ENTRY points the tests at another build (e.g. one from before a fix). */
export const SERVER_ENTRY = process.env.CS_SERVER_ENTRY ?? join(repoRoot, 'apps/server/dist/main.js');

export interface ServerProcessOptions {
  /** Extra environment; PORT, HOST and the data dir are chosen here unless given. */
  env?: Record<string, string | undefined>;
  dataDir?: string;
  /** Node options before the entry, e.g. `--cpu-prof` (not allowed in NODE_OPTIONS). */
  nodeArgs?: string[];
  /** Another build of the server to run (a bench comparing builds). @default SERVER_ENTRY */
  entry?: string;
  /** Called with everything the server prints, as it prints it (before it listens too). */
  onOutput?: (chunk: string) => void;
  /** How much of the output to keep (the tail), in characters. @default 200000 */
  keepOutput?: number;
  /** Runs the server through `sh -c '<prefix>; exec node …'`, e.g. to set a ulimit. */
  shellPrefix?: string;
}

export interface ServerProcess {
  baseUrl: string;
  dataDir: string;
  /** The start-up line the server printed (`config-service listening on …`). */
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
  const nodeArgs = [...(options.nodeArgs ?? []), entry];
  const [command, args] = options.shellPrefix
    ? ['/bin/sh', ['-c', `${options.shellPrefix}; exec "$0" "$@"`, process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  const child: ChildProcess = spawn(command, args, {
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
    options.onOutput?.(chunk.toString());
    output = (output + chunk.toString()).slice(-(options.keepOutput ?? 200_000));
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);

  const firstLine = await new Promise<string>((resolveLine, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start within 30 s:\n${output}`)), 30_000);
    const onData = () => {
      // The start-up line (log lines, e.g. waiting for the database, may come before it).
      const line = output.split('\n').find((candidate, index, lines) => index < lines.length - 1 && /listening on/.test(candidate));
      if (line !== undefined) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        resolveLine(line);
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

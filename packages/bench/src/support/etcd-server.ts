import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '@config-service/tests/harness/free-port';
import { stopProcess } from '@config-service/tests/harness/stop-process';
import { waitFor } from '@config-service/tests/harness/wait-for';
import { memoryDir } from '@config-service/tests/harness/memory-dir';
import { SERVER_CORE, canPin } from './pinning';

export interface EtcdServer {
  /** The client URL: the v3 HTTP/JSON gateway answers on it (`/v3/kv/put`, `/v3/watch`). */
  url: string;
  pid: number;
  version: string;
  stop(): Promise<void>;
}

/** `etcd` on PATH (Debian package `etcd-server`), or null: the bench then prints no etcd figures. */
export function findEtcd(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v etcd'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  return found.status === 0 && path ? path : null;
}

/**
 * A throwaway single-member etcd on free loopback ports, its data in a temp dir on tmpfs like
 * the config-service servers it is measured beside (so neither pays for fsync), started on the
 * server core through taskset so that Go sizes GOMAXPROCS to that one core.
 */
export async function startEtcd(): Promise<EtcdServer> {
  const etcd = findEtcd();
  if (!etcd) throw new Error('etcd is not installed (Debian package `etcd-server`)');
  const dir = memoryDir('cs-etcd-');
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'bench', '--data-dir', join(dir, 'data'),
    '--listen-client-urls', client, '--advertise-client-urls', client,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `bench=${peer}`,
    '--logger', 'zap', '--log-level', 'error',
  ];
  const [command, commandArgs] = canPin() ? ['taskset', ['-c', String(SERVER_CORE), etcd, ...args]] : [etcd, args];
  const child: ChildProcess = spawn(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dir });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  try {
    await waitFor('etcd to answer /health', async () => {
      if (child.exitCode !== null) throw new Error(`etcd exited: ${stderr}`);
      const health = (await (await fetch(`${client}/health`)).json()) as { health: string };
      return health.health === 'true';
    });
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const version = ((await (await fetch(`${client}/version`)).json()) as { etcdserver: string }).etcdserver;
  return {
    url: client,
    // taskset execs etcd in place, so the child's pid is etcd's.
    pid: child.pid!,
    version,
    async stop() {
      await stopProcess(child, 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** etcd's JSON gateway takes keys and values as base64. */
export function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

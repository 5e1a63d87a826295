import { randomBytes } from 'node:crypto';
import { createScratchDatabase } from '../harness/postgres-server';
import { startServerProcess, type ServerProcess } from '../harness/server-process';

export const CLUSTER_ADMIN_KEY = 'csk_cluster-admin-key-0123456789abcdef';

export interface Cluster {
  databaseUrl: string;
  replicas: ServerProcess[];
  /** SIGKILLs replica `index` (a crash), then starts a new process in its place (a new port). */
  crashAndRestart(index: number, downMs?: number): Promise<ServerProcess>;
  /** SIGTERMs replica `index` (a rolling restart's step), waits for its exit, starts a new one in its place. */
  stopAndRestart(index: number): Promise<{ exitCode: number | null; stopMs: number; restarted: ServerProcess }>;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  postgresUrl: string;
  redisUrl: string;
  replicas: number;
  env?: Record<string, string>;
}

/**
 * N server processes on one scratch PostgreSQL database and one Redis, as a deployment would
 * run them: the same JWT secret and encryption key on every replica, each its own data dir.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const databaseUrl = await createScratchDatabase(options.postgresUrl);
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: options.redisUrl,
    // Several test files may share one Redis: each cluster keeps to its own keys and channel.
    CONFIG_SERVICE_REDIS_PREFIX: `cs-test-${randomBytes(4).toString('hex')}:`,
    CONFIG_SERVICE_ADMIN_KEY: CLUSTER_ADMIN_KEY,
    CONFIG_SERVICE_JWT_SECRET: randomBytes(32).toString('hex'),
    CONFIG_SERVICE_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: '100000000',
    ...options.env,
  };
  // The first creates the schema; the others then start together.
  const first = await startServerProcess({ env });
  const rest = await Promise.all(Array.from({ length: options.replicas - 1 }, () => startServerProcess({ env })));
  const replicas = [first, ...rest];
  return {
    databaseUrl,
    replicas,
    async crashAndRestart(index, downMs = 500) {
      await replicas[index]!.kill();
      await new Promise((done) => setTimeout(done, downMs));
      const restarted = await startServerProcess({ env });
      replicas[index] = restarted;
      return restarted;
    },
    async stopAndRestart(index) {
      const stopping = Date.now();
      const exitCode = await replicas[index]!.stop();
      const stopMs = Date.now() - stopping;
      const restarted = await startServerProcess({ env });
      replicas[index] = restarted;
      return { exitCode, stopMs, restarted };
    },
    async stop() {
      await Promise.all(replicas.map((replica) => replica.stop()));
    },
  };
}

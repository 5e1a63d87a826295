import { inject } from 'vitest';
import { createScratchDatabase } from './postgres-server';
import { startServerProcess, type ServerProcess } from './server-process';

export const ADMIN_KEY = 'csk_test-admin-key-0123456789abcdef';

export interface RunningTarget {
  name: string;
  baseUrl: string;
  adminKey: string;
  /** The database URL, for targets on PostgreSQL. */
  databaseUrl?: string;
  server: ServerProcess;
  stop(): Promise<void>;
}

export interface ServerTarget {
  name: 'sqlite' | 'postgresql';
  /** False only outside CI when a service is missing (the global setup warned). */
  available: boolean;
  start(env?: Record<string, string | undefined>): Promise<RunningTarget>;
}

/** The stores the contract is proven on: the embedded SQLite file and PostgreSQL. */
export function serverTargets(): ServerTarget[] {
  const postgresUrl = inject('postgresUrl');
  return [
    {
      name: 'sqlite',
      available: true,
      async start(env = {}) {
        const server = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, ...env } });
        return { name: 'sqlite', baseUrl: server.baseUrl, adminKey: ADMIN_KEY, server, stop: () => server.stop() };
      },
    },
    {
      name: 'postgresql',
      available: postgresUrl !== null,
      async start(env = {}) {
        if (!postgresUrl) throw new Error('PostgreSQL is not available');
        const databaseUrl = await createScratchDatabase(postgresUrl);
        const server = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, DATABASE_URL: databaseUrl, ...env } });
        return { name: 'postgresql', baseUrl: server.baseUrl, adminKey: ADMIN_KEY, databaseUrl, server, stop: () => server.stop() };
      },
    },
  ];
}

/** Starts one more server process on the same database as `target` (a second replica). */
export async function startReplica(target: RunningTarget, env: Record<string, string | undefined> = {}): Promise<ServerProcess> {
  return startServerProcess({
    env: { CONFIG_SERVICE_ADMIN_KEY: target.adminKey, ...(target.databaseUrl ? { DATABASE_URL: target.databaseUrl } : {}), ...env },
    ...(target.databaseUrl ? {} : { dataDir: target.server.dataDir }),
  });
}

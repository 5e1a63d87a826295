import { inject } from 'vitest';
import { setupServer } from 'msw/node';
import { createConfigMock } from '@config-service/msw';
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
        return { name: 'sqlite', baseUrl: server.baseUrl, adminKey: ADMIN_KEY, server, stop: async () => void (await server.stop()) };
      },
    },
    {
      name: 'postgresql',
      available: postgresUrl !== null,
      async start(env = {}) {
        if (!postgresUrl) throw new Error('PostgreSQL is not available');
        const databaseUrl = await createScratchDatabase(postgresUrl);
        const server = await startServerProcess({ env: { CONFIG_SERVICE_ADMIN_KEY: ADMIN_KEY, DATABASE_URL: databaseUrl, ...env } });
        return { name: 'postgresql', baseUrl: server.baseUrl, adminKey: ADMIN_KEY, databaseUrl, server, stop: async () => void (await server.stop()) };
      },
    },
  ];
}

/** What the contract suite needs of a running target: an address, an admin key, a way to stop. */
export type RunningContractTarget = Pick<RunningTarget, 'name' | 'baseUrl' | 'adminKey' | 'stop'>;

export interface ContractTarget {
  name: ServerTarget['name'] | 'msw';
  available: boolean;
  /** Server targets take environment variables; the mock has none and refuses them. */
  start(env?: Record<string, string | undefined>): Promise<RunningContractTarget>;
}

/** Where the MSW target answers: a host no network has, so a request the mock does not take fails loudly. */
export const MSW_BASE_URL = 'http://config-service.mock';

/**
 * The in-memory mock of @config-service/msw behind `msw/node` in this test process: the same
 * contract suite speaks HTTP (global fetch) to it. Only the contract suite uses it; the
 * concurrency, fuzz and lifecycle tests need real processes.
 */
export function mswTarget(): ContractTarget {
  return {
    name: 'msw',
    available: true,
    async start(env = {}) {
      if (Object.keys(env).length > 0) throw new Error(`the msw target takes no environment (got ${Object.keys(env).join(', ')})`);
      const mock = createConfigMock({ baseUrl: MSW_BASE_URL, apiKeys: [{ key: ADMIN_KEY, name: 'admin', roles: ['admin'] }] });
      const server = setupServer(...mock.handlers);
      server.listen({ onUnhandledRequest: 'error' });
      return {
        name: 'msw',
        baseUrl: mock.baseUrl,
        adminKey: ADMIN_KEY,
        async stop() {
          server.close();
        },
      };
    },
  };
}

/** Every target the wire contract is proven on: the two stores of the server, and the MSW mock. */
export function contractTargets(): ContractTarget[] {
  return [...serverTargets(), mswTarget()];
}

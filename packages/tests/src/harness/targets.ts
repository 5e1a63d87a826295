import { inject } from 'vitest';
import { setupServer } from 'msw/node';
import WebSocket from 'ws';
import { createConfigMock, type ConfigMockOptions } from '@config-service/msw';
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

/** What the suites need of a running target: an address, an admin key, a way to stop; the process for a server. */
export type RunningContractTarget = Pick<RunningTarget, 'name' | 'baseUrl' | 'adminKey' | 'stop'> & { server?: ServerProcess };

export interface ContractTarget {
  name: ServerTarget['name'] | 'msw';
  available: boolean;
  /** Server targets take environment variables; the mock takes those it has an option for (MOCK_SETTINGS). */
  start(env?: Record<string, string | undefined>): Promise<RunningContractTarget>;
}

/** Where the MSW target answers: a host no network has, so a request the mock does not take fails loudly. */
export const MSW_BASE_URL = 'http://config-service.mock';

/** The server settings the mock has an option for; any other is refused, so no suite believes it set one. */
const MOCK_SETTINGS: Record<string, (value: string) => Partial<ConfigMockOptions>> = {
  CONFIG_SERVICE_WATCH_HEARTBEAT_MS: (value) => ({ heartbeatMs: Number(value) }),
  CONFIG_SERVICE_CHANGE_LOG_RETENTION: (value) => ({ changeLogRetention: Number(value) }),
  CONFIG_SERVICE_TOKEN_TTL_SECONDS: (value) => ({ tokenTtlSeconds: Number(value) }),
};

/**
 * The in-memory mock of @config-service/msw behind `msw/node` in this test process: the suites
 * speak HTTP (global fetch) and WebSocket (the global WebSocket class, which MSW intercepts) to
 * it. The concurrency, fuzz and lifecycle tests need real processes.
 */
export function mswTarget(): ContractTarget {
  return {
    name: 'msw',
    available: true,
    async start(env = {}) {
      const options: ConfigMockOptions = { baseUrl: MSW_BASE_URL, apiKeys: [{ key: ADMIN_KEY, name: 'admin', roles: ['admin'] }] };
      for (const [name, value] of Object.entries(env)) {
        const setting = MOCK_SETTINGS[name];
        if (!setting || value === undefined) throw new Error(`the msw target has no option for ${name}`);
        Object.assign(options, setting(value));
      }
      const mock = createConfigMock(options);
      // Node 20 has no global WebSocket without a flag; MSW replaces whichever class is there
      // with its interceptor while listening, so any class will do.
      const hadWebSocket = 'WebSocket' in globalThis;
      if (!hadWebSocket) Object.defineProperty(globalThis, 'WebSocket', { value: WebSocket, configurable: true, writable: true });
      const server = setupServer(...mock.handlers);
      server.listen({ onUnhandledRequest: 'error' });
      const uninstall = () => {
        server.close();
        if (!hadWebSocket) delete (globalThis as { WebSocket?: unknown }).WebSocket;
      };
      try {
        await mock.ready;
      } catch (error) {
        // Test files share their worker: interception left installed would fail the next file.
        uninstall();
        throw error;
      }
      return {
        name: 'msw',
        baseUrl: mock.baseUrl,
        adminKey: ADMIN_KEY,
        async stop() {
          uninstall();
        },
      };
    },
  };
}

/** Every target the wire contract is proven on: the two stores of the server, and the MSW mock. */
export function contractTargets(): ContractTarget[] {
  return [...serverTargets(), mswTarget()];
}

import { defineConfig } from 'vitest/config';

// Tests read each package's source through its `@config-service/source` export condition,
// never dist. The rest are Vite's own default conditions, which a custom list replaces.
const clientConditions = ['@config-service/source', 'module', 'browser', 'development|production'];
const serverConditions = ['@config-service/source', 'module', 'node', 'development|production'];

// MSW intercepts WebSockets through the global WebSocket class, which Node 20 has only behind
// this flag (Node 22+ has it by default): the @config-service/msw watch tests need it.
const globalWebSocketFlags = typeof globalThis.WebSocket === 'undefined' ? ['--experimental-websocket'] : [];

/**
 * Unit files that need a process of their own: whether promise hooks are on is a fact about
 * the whole process, which any earlier file in a shared worker may have changed.
 */
const OWN_PROCESS = ['apps/server/src/lifecycle/promise-hooks.test.ts'];

/**
 * Integration files that change what the whole process shares and leave it changed
 * (OpenFeature's global provider, process.env, globalThis, MSW's interception): a process of
 * their own each. The contract suites' MSW target installs interception too, and removes it
 * when its target stops (or fails to start): those files share workers.
 */
const OWN_PROCESS_INTEGRATION = [
  'packages/tests/src/msw/browser-sdk-on-mock.test.ts',
  'packages/tests/src/ofrep/*.test.ts',
  'packages/tests/src/openfeature/*.test.ts',
  'packages/tests/src/readme/*.test.ts',
];

/** The unit and React projects run first, two files at a time. */
const FIRST = { maxWorkers: 2, sequence: { groupOrder: 0 } };

/** Both integration projects: the services they share, their time limits, two files at a time. */
const INTEGRATION = {
  globalSetup: ['packages/tests/src/harness/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 90_000,
  // Each file starts its own server processes; two at a time fit two cores.
  maxWorkers: 2,
  sequence: { groupOrder: 1 },
};

export default defineConfig({
  resolve: { conditions: clientConditions },
  ssr: { resolve: { conditions: serverConditions } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          ...FIRST,
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts'],
          exclude: ['packages/tests/**', '**/node_modules/**', ...OWN_PROCESS],
          execArgv: globalWebSocketFlags,
          // The unit files share their workers' module cache: a fresh process and a fresh
          // import of every dependency per file was most of their time (36 s for 190 tests,
          // 12 s like this). None keeps state another can see, but those in OWN_PROCESS.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { ...FIRST, name: 'unit-own-process', include: OWN_PROCESS, execArgv: globalWebSocketFlags },
      },
      {
        extends: true,
        test: {
          ...FIRST,
          // React hooks and components, in a DOM (jsdom): render counts, SSR hydration.
          name: 'react',
          include: ['packages/react/src/**/*.test.tsx'],
          environment: 'jsdom',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          ...INTEGRATION,
          name: 'integration',
          include: ['packages/tests/src/**/*.test.ts'],
          exclude: [...OWN_PROCESS_INTEGRATION, '**/node_modules/**'],
          // The files share their workers' module cache (a fresh process and fresh imports per
          // file cost ~50 s of CPU over the suite); they keep their state in the servers they start.
          isolate: false,
        },
      },
      {
        extends: true,
        test: { ...INTEGRATION, name: 'integration-own-process', include: OWN_PROCESS_INTEGRATION },
      },
    ],
  },
});

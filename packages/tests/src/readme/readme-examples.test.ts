import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { serverTargets, type RunningTarget } from '../harness/targets';
import { waitFor } from '../harness/wait-for';
import { codeBlocks, materialise, provide, type Block } from './readme-blocks';

/*
 * Every ts/js example of the READMEs that runs in Node, run against a real server; the
 * browser ones (DOM, React SSR and hydration) are in readme-dom-examples.test.ts. The first
 * test fails when a README gains or loses a block, so none goes unrun unnoticed.
 */

const READMES = [
  'README.md',
  'packages/node/README.md',
  'packages/core/README.md',
  'packages/contract/README.md',
  'packages/msw/README.md',
  'packages/openfeature/README.md',
  'packages/browser/README.md',
  'packages/react/README.md',
];
const blocks = new Map<string, Block>(READMES.flatMap((file) => codeBlocks(file).map((block) => [`${file}#${block.index}`, block] as const)));
const block = (id: string): Block => {
  const found = blocks.get(id);
  if (!found) throw new Error(`no block ${id}`);
  return found;
};

const started: RunningTarget[] = [];
async function freshServer(): Promise<{ target: RunningTarget; http: HttpClient }> {
  const target = await serverTargets()[0]!.start();
  started.push(target);
  provide({ baseUrl: target.baseUrl, apiKey: target.adminKey });
  return { target, http: new HttpClient(target.baseUrl, target.adminKey) };
}
afterAll(async () => {
  for (const target of started) await target.stop();
});

/** `console.log` of an example, collected (a module-scoped `console` shadows the global). */
const LOG_PRELUDE = 'const console = { log: (...args) => globalThis.__readme.log.push(args.map(String).join(" ")) };';
function freshLog(): string[] {
  const log: string[] = [];
  provide({ log });
  return log;
}

async function putVersions(http: HttpClient, namespace: string, key: string, versions: number): Promise<void> {
  for (let n = 1; n <= versions; n++) expect((await http.put(`/api/v1/configs/${key}?namespace=${namespace}`, { value: 3000 + n })).status).toBeLessThan(300);
}

type Closable = { close(): Promise<void> | void };

describe('README examples run as written', () => {
  it('knows every block (a new one must be added here)', () => {
    const runHere = [
      'README.md#1', 'README.md#2',
      'packages/node/README.md#0', 'packages/node/README.md#1', 'packages/node/README.md#2', 'packages/node/README.md#3', 'packages/node/README.md#4',
      'packages/core/README.md#0',
      'packages/contract/README.md#0',
      'packages/msw/README.md#0', 'packages/msw/README.md#2',
      'packages/openfeature/README.md#0',
    ];
    const runInDom = ['packages/browser/README.md#0', 'packages/react/README.md#0', 'packages/react/README.md#1', 'packages/openfeature/README.md#1'];
    // A service worker needs a real browser; examples/msw-dev does the same in Chromium (browser/msw-dev.test.ts).
    // The "Typed config" walkthrough's TypeScript (with its shell steps) is run by schemas/readme-typed-config.test.ts.
    const runElsewhere = ['README.md#0'];
    const notRun = ['packages/msw/README.md#1'];
    expect([...blocks.keys()].sort()).toEqual([...runHere, ...runInDom, ...runElsewhere, ...notRun].sort());
  });

  it('README.md: the watch example receives the replay from since=2, then ready', async () => {
    const { target, http } = await freshServer();
    await putVersions(http, 'payments', 'stripe.timeout_ms', 3);
    const log = freshLog();
    process.env.KEY = target.adminKey;
    const path = materialise(block('README.md#1'), {
      prelude: `import WebSocket from 'ws';\n${LOG_PRELUDE}`,
      replace: [['ws://localhost:8080', target.baseUrl.replace('http://', 'ws://')]],
      epilogue: 'export { ws };',
    });
    const { ws } = (await import(/* @vite-ignore */ path)) as { ws: Closable };
    await waitFor('the ready frame', async () => log.some((line) => line.includes('"type":"ready"')), 10_000, 20);
    ws.close();
    expect(JSON.parse(log[0]!)).toMatchObject({ type: 'change', revision: 3, namespace: 'payments', key: 'stripe.timeout_ms', version: 3 });
    expect(JSON.parse(log[1]!)).toMatchObject({ type: 'ready', revision: 3 });
  });

  it('README.md: the SDK snippet loads, reads, subscribes and compare-and-sets at version 4', async () => {
    const { target, http } = await freshServer();
    await putVersions(http, 'payments', 'stripe.timeout_ms', 4);
    const log = freshLog();
    process.env.CONFIG_API_KEY = target.adminKey;
    const path = materialise(block('README.md#2'), {
      prelude: LOG_PRELUDE,
      replace: [
        ["'http://localhost:8080'", JSON.stringify(target.baseUrl)],
        ["'./config-snapshot.json'", JSON.stringify(join(mkdtempSync(join(tmpdir(), 'cs-readme-')), 'config-snapshot.json'))],
      ],
      epilogue: 'export { config };',
    });
    const { config } = (await import(/* @vite-ignore */ path)) as { config: Closable & { get(key: string): unknown } };
    await waitFor('the subscription to see the write', async () => log.includes('3500'), 10_000, 20);
    expect(config.get('stripe.timeout_ms')).toBe(3500);
    expect((await http.get('/api/v1/configs/stripe.timeout_ms?namespace=payments')).json).toMatchObject({ value: 3500, version: 5 });
    await config.close();
  });

  it('packages/node: loadConfig, reads with a schema, live changes, writes with typed errors', async () => {
    const { target, http } = await freshServer();
    process.env.CONFIG_API_KEY = target.adminKey;
    await http.put('/api/v1/configs/limits?namespace=payments', { value: { rps: 50 } });
    const snapshot = JSON.stringify(join(mkdtempSync(join(tmpdir(), 'cs-readme-')), 'config-snapshot.json'));

    // Start-up.
    const log = freshLog();
    const startup = materialise(block('packages/node/README.md#0'), {
      prelude: LOG_PRELUDE,
      replace: [["'http://localhost:8080'", JSON.stringify(target.baseUrl)], ["'./config-snapshot.json'", snapshot]],
      epilogue: 'export { config, timeout };',
    });
    const first = (await import(/* @vite-ignore */ startup)) as { config: Closable; timeout: unknown };
    expect(first.timeout).toBe(3000);
    await http.put('/api/v1/configs/stripe.timeout_ms?namespace=payments', { value: 4200 });
    await waitFor('the subscription', async () => log.some((line) => line.startsWith('now 4200 (was undefined), revision')), 10_000, 20);
    await first.config.close();

    // Reads.
    const clientPrelude = "const { baseUrl, apiKey } = globalThis.__readme;";
    const reads = materialise(block('packages/node/README.md#1'), { prelude: clientPrelude, epilogue: 'export { client };' });
    const second = (await import(/* @vite-ignore */ reads)) as { client: Closable & { get(key: string, options: object): unknown } };
    expect(second.client.get('stripe.timeout_ms', { namespace: 'payments' })).toBe(4200);
    await second.client.close();

    // Live changes: the iterator ends at the change to `maintenance`; the status gauge follows close().
    const gauges: unknown[][] = [];
    provide({ gauges });
    const live = materialise(block('packages/node/README.md#2'), {
      prelude:
        "import { createClient as makeClient } from '@config-service/node';\n" +
        "const client = makeClient({ baseUrl: globalThis.__readme.baseUrl, apiKey: globalThis.__readme.apiKey, namespaces: ['payments', 'web'] });\n" +
        'await client.ready();\n' +
        'const metrics = { gauge: (...args) => globalThis.__readme.gauges.push(args) };',
      epilogue: 'export { client, stop };',
    });
    const running = import(/* @vite-ignore */ live) as Promise<{ client: Closable; stop: () => void }>;
    let done = false;
    void running.finally(() => (done = true));
    for (let attempt = 0; !done && attempt < 100; attempt++) {
      await http.put('/api/v1/configs/maintenance?namespace=web', { value: attempt });
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const third = await running;
    expect(typeof third.stop).toBe('function');
    await third.client.close();
    expect(gauges).toContainEqual(['config_status', 0]);

    // Writes: payments/stripe.timeout_ms at version 4, default/old.key at version 7.
    await putVersions(http, 'payments', 'stripe.timeout_ms', 3);
    await putVersions(http, 'default', 'old.key', 7);
    const writesLog = freshLog();
    const writes = materialise(block('packages/node/README.md#3'), {
      prelude:
        LOG_PRELUDE +
        "\nimport { createClient as makeClient } from '@config-service/node';\n" +
        "const client = makeClient({ baseUrl: globalThis.__readme.baseUrl, apiKey: globalThis.__readme.apiKey, namespaces: ['default', 'payments'] });\n" +
        'await client.ready();',
      epilogue: 'export { client, entry, page };',
    });
    const fourth = (await import(/* @vite-ignore */ writes)) as { client: Closable; entry: { version: number }; page: { items: Array<{ action: string }> } };
    expect(fourth.entry.version).toBe(5);
    expect(fourth.page.items[0]!.action).toBe('rolled_back');
    expect(writesLog).toEqual(['someone else wrote version 6']);
    expect((await http.get('/api/v1/configs/new.key')).json.value).toBe(true);
    expect((await http.get('/api/v1/configs/old.key')).status).toBe(404);
    await fourth.client.close();
  }, 120_000);

  it('packages/node: the MSW example serves the client from the mock, changes through the watch', async () => {
    // The example needs a global WebSocket (Node 22+, or 20 with --experimental-websocket);
    // on a Node without one, the \`ws\` class stands in for it, and MSW intercepts that.
    const global = Object.getOwnPropertyDescriptor(globalThis, 'WebSocket');
    if (!global) Object.defineProperty(globalThis, 'WebSocket', { value: (await import('ws')).WebSocket, configurable: true, writable: true });
    try {
      const path = materialise(block('packages/node/README.md#4'), { epilogue: 'export { client, server };' });
      const { client, server } = (await import(/* @vite-ignore */ path)) as { client: Closable & { get(key: string, options: object): unknown }; server: Closable };
      try {
        await waitFor('the change through the mock watch', async () => client.get('stripe.timeout_ms', { namespace: 'payments' }) === 3500, 10_000, 20);
      } finally {
        await client.close();
        server.close();
      }
    } finally {
      if (!global) delete (globalThis as { WebSocket?: unknown }).WebSocket;
    }
  });

  it('packages/core: fromProblem turns a 412 into a VersionConflictError', async () => {
    const { target } = await freshServer();
    const log = freshLog();
    const path = materialise(block('packages/core/README.md#0'), {
      prelude: `${LOG_PRELUDE}\nconst key = globalThis.__readme.apiKey;`,
      replace: [["'http://localhost:8080/api/v1/configs/a'", JSON.stringify(`${target.baseUrl}/api/v1/configs/a`)]],
    });
    await import(/* @vite-ignore */ path);
    expect(log).toEqual(['current version null', expect.stringMatching(/^version_conflict 412 [0-9a-f-]{36}$/)]);
  });

  it('packages/contract: the engine example announces the change it committed', async () => {
    const log = freshLog();
    const path = materialise(block('packages/contract/README.md#0'), { prelude: LOG_PRELUDE });
    await import(/* @vite-ignore */ path);
    expect(log).toEqual(['1 created timeout_ms']);
  });

  it('packages/openfeature: the server provider example evaluates a flag', async () => {
    const { target, http } = await freshServer();
    await http.put('/api/v1/configs/checkout.new?namespace=flags', { value: true });
    process.env.CONFIG_API_KEY = target.adminKey;
    const path = materialise(block('packages/openfeature/README.md#0'), {
      replace: [["'http://localhost:8080'", JSON.stringify(target.baseUrl)]],
      epilogue: 'export { enabled, OpenFeature };',
    });
    const { enabled, OpenFeature } = (await import(/* @vite-ignore */ path)) as { enabled: boolean; OpenFeature: { close(): Promise<void> } };
    expect(enabled).toBe(true);
    await OpenFeature.close();
  });

  it('packages/msw: the test-suite example passes, and the apiKeys example makes a mock', async () => {
    const hooks: Record<string, Array<() => unknown>> = { beforeAll: [], afterEach: [], afterAll: [] };
    const tests: Array<[string, () => unknown]> = [];
    provide({
      suite: {
        beforeAll: (fn: () => unknown) => hooks.beforeAll!.push(fn),
        afterEach: (fn: () => unknown) => hooks.afterEach!.push(fn),
        afterAll: (fn: () => unknown) => hooks.afterAll!.push(fn),
        it: (name: string, fn: () => unknown) => tests.push([name, fn]),
      },
    });
    const path = materialise(block('packages/msw/README.md#0'), {
      // The example is a vitest file; its hooks and tests are run here, in order.
      replace: [["import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';", "import { expect } from 'vitest';\nconst { afterAll, afterEach, beforeAll, it } = globalThis.__readme.suite;"]],
    });
    await import(/* @vite-ignore */ path);
    expect(tests.map(([name]) => name)).toEqual(['reads a value', 'sees a change made by someone else']);
    for (const fn of hooks.beforeAll!) await fn();
    try {
      for (const [, fn] of tests) {
        await fn();
        for (const after of hooks.afterEach!) await after();
      }
    } finally {
      for (const fn of hooks.afterAll!) await fn();
    }

    const keys = materialise(block('packages/msw/README.md#2'), {
      prelude: "import { createConfigMock } from '@config-service/msw';\nglobalThis.__readme.mock = undefined;",
      replace: [['createConfigMock({', 'globalThis.__readme.mock = createConfigMock({']],
    });
    await import(/* @vite-ignore */ keys);
    const mock = (globalThis as unknown as { __readme: { mock: { baseUrl: string } } }).__readme.mock;
    expect(mock.baseUrl).toMatch(/^http/);
  });
});

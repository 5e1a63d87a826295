import type { HttpHandler, WebSocketHandler } from 'msw';
import { InMemoryConfigStore } from './store/in-memory-config-store';
import { applySeed, type SeedEntry } from './store/seed';
import { ApiKeyRegistry, DEFAULT_ADMIN_KEY, type SeedApiKey } from './auth/api-key-registry';
import { newUuid } from './auth/random-ids';
import { AuditLog } from './audit/audit-log';
import { MockApi } from './api/mock-api';
import { WatchHub } from './watch/watch-hub';
import { DEFAULT_BASE_URL, resolveBaseUrl } from './mock-base-url';
import { configHttpHandler } from './msw/config-http-handler';
import { configWatchHandler } from './msw/config-watch-handler';

export interface ConfigMockOptions {
  /** Entries the mock holds from the start, created in order (revisions 1, 2, …). @default [] */
  seed?: readonly SeedEntry[];
  /**
   * Where the mock answers: an absolute URL (with an optional mount path), or in a browser a
   * path relative to the page. The watch is the same host over `ws:`/`wss:`.
   * @default 'http://localhost:8080'
   */
  baseUrl?: string;
  /**
   * The API keys the mock knows. When given they replace the default admin key.
   * @default [{ key: DEFAULT_ADMIN_KEY, name: 'admin', roles: ['admin'] }]
   */
  apiKeys?: readonly SeedApiKey[];
  /**
   * Whether every other path under the base URL gets the server's 404 problem too. Off when the
   * base URL is the page's own origin, so the app's own files still load.
   * @default true, unless the base URL has the page's origin
   */
  answerUnknownPaths?: boolean;
  /** Milliseconds between watch heartbeats (the contract asks for at most 30 s). @default 15000 */
  heartbeatMs?: number;
  /**
   * How many revisions back a watch's `since` may reach; older gets 4010, as on a server with
   * `CONFIG_SERVICE_CHANGE_LOG_RETENTION`. @default no limit
   */
  changeLogRetention?: number;
  /** Lifetime of access tokens. @default 900 */
  tokenTtlSeconds?: number;
  /** The clock for timestamps and expiry. @default () => new Date() */
  now?: () => Date;
  /**
   * The revision before the seed's. A browser client that keeps a snapshot across page loads
   * remembers revisions of the previous page's mock, and never takes an older one: there, pass
   * `Date.now()` so every new mock starts above the last.
   * @default 0
   */
  startRevision?: number;
}

/** One mock: its MSW handlers and the in-memory state behind them. */
export interface ConfigMock {
  /** Spread into `setupServer(...)` or `setupWorker(...)`. */
  handlers: Array<HttpHandler | WebSocketHandler>;
  /** The entries, history and change log: write here to simulate a change made elsewhere. */
  store: InMemoryConfigStore;
  keys: ApiKeyRegistry;
  /** The audit log: a row for every change and key event, as `GET /api/v1/audit` lists them. */
  audit: AuditLog;
  /** The framework-free API, for use without MSW (`mock.api.handle(new Request(...))`). */
  api: MockApi;
  /** e.g. `http://localhost:8080`, without a trailing slash. */
  baseUrl: string;
  /** e.g. `ws://localhost:8080/ws/v1/configs/updates`. */
  watchUrl: string;
  /** The default admin key when `apiKeys` was not given, else undefined. */
  adminKey: string | undefined;
  /** How many watches are open. */
  openWatches(): number;
  /**
   * Back to the seed: entries, history, keys and audit log as at the start. Revisions keep
   * growing (the seed takes the next ones), open watches are closed with 4010, and access
   * tokens of the seeded keys stay valid, so a client that stays up lists again and converges.
   * Resolves once the seed is in again.
   */
  reset(): Promise<void>;
  /** Resolves once the seed is in (requests to the handlers wait for it by themselves). */
  ready: Promise<void>;
}

/**
 * Creates an in-memory config-service and the MSW handlers that serve it.
 * @example
 * const mock = createConfigMock({ seed: [{ namespace: 'payments', key: 'timeout_ms', value: 3000 }] });
 * const server = setupServer(...mock.handlers);
 * server.listen({ onUnhandledRequest: 'error' });
 * afterEach(() => mock.reset());
 */
export function createConfigMock(options: ConfigMockOptions = {}): ConfigMock {
  const base = resolveBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
  const pageOrigin = (globalThis as { location?: { origin?: string } }).location?.origin;
  const answerUnknownPaths = options.answerUnknownPaths ?? base.origin !== pageOrigin;
  const clock = options.now ? { now: options.now } : {};
  const audit = new AuditLog();
  const store = new InMemoryConfigStore({ ...clock, audit, ...(options.startRevision !== undefined ? { startRevision: options.startRevision } : {}) });
  const keys = new ApiKeyRegistry({ ...clock, audit, ...(options.tokenTtlSeconds !== undefined ? { tokenTtlSeconds: options.tokenTtlSeconds } : {}) });
  const api = new MockApi({ store, keys, audit, pathPrefix: base.pathPrefix, ready: () => ready });
  const hub = new WatchHub({
    store,
    keys,
    ...(options.heartbeatMs !== undefined ? { heartbeatMs: options.heartbeatMs } : {}),
    ...(options.changeLogRetention !== undefined ? { changeLogRetention: options.changeLogRetention } : {}),
  });
  // Ids fixed once, so the seeded keys are the same keys after a reset and their tokens still work.
  const apiKeys = (options.apiKeys ?? [{ key: DEFAULT_ADMIN_KEY, name: 'admin', roles: ['admin'] }]).map((key) => ({ ...key, id: key.id ?? newUuid() }));
  const load = () => {
    for (const key of apiKeys) keys.add(key);
    return applySeed(store, options.seed ?? []);
  };
  // A seed that the checks passed does not fail to write; requests await this promise.
  let ready = load();
  return {
    handlers: [configHttpHandler(api, base, answerUnknownPaths), configWatchHandler(hub, base.watchUrl)],
    store,
    keys,
    audit,
    api,
    baseUrl: `${base.origin}${base.pathPrefix}`,
    watchUrl: base.watchUrl,
    adminKey: options.apiKeys ? undefined : DEFAULT_ADMIN_KEY,
    openWatches: () => hub.size,
    get ready() {
      return ready;
    },
    async reset() {
      hub.closeAll();
      await store.clear();
      keys.clear();
      audit.clear();
      ready = load();
      await ready;
    },
  };
}

/**
 * The MSW handlers of a new in-memory config-service (`createConfigMock(options).handlers`).
 * @example
 * const server = setupServer(...createConfigHandlers({ seed: [{ key: 'feature.x', value: true }] }));
 */
export function createConfigHandlers(options: ConfigMockOptions = {}): Array<HttpHandler | WebSocketHandler> {
  return createConfigMock(options).handlers;
}

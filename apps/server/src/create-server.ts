import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ServerConfig } from './config/server-config';
import { openDatabase, type Database } from './storage/open-database';
import { MikroConfigStore } from './storage/mikro-config-store';
import { MikroApiKeyStore } from './storage/mikro-api-key-store';
import { MikroAuditStore } from './storage/mikro-audit-store';
import { ConfigEngine, buildOpenApiDocument } from '@config-service/contract';
import { ApiKeyService, type BootstrapResult } from './services/api-key-service';
import { HealthService } from './services/health-service';
import { Authenticator } from './services/authenticator';
import { TokenService } from './services/token-service';
import { AuditService } from './services/audit-service';
import { loadEncryptionKeyring } from './secrets/encryption-keys';
import { AesGcmValueCodec } from './secrets/aes-gcm-value-codec';
import { loadJwtSecret } from './secrets/jwt-secret';
import { createHttpApp } from './http/create-http-app';
import { OfrepService } from './services/ofrep-service';
import { SERVER_VERSION } from './version';
import { MikroChangeLogStore } from './storage/mikro-change-log-store';
import { CachedConfigStore } from './cache/cached-config-store';
import { LruEntryCache } from './cache/lru-entry-cache';
import { RedisEntryCache } from './cache/redis-entry-cache';
import { CacheStats } from './cache/cache-stats';
import { openRedisConnections } from './redis/redis-connections';
import { createChanges } from './changes/changes';
import { WatchServer } from './watch/watch-server';
import { ServerMetrics } from './metrics/server-metrics';
import { createRateLimiters } from './rate-limit/rate-limiters';
import { FailedAuthLimiter } from './rate-limit/failed-auth-limiter';
import { metricsApp } from './metrics/metrics-http';
import { InFlightRequests } from './lifecycle/in-flight-requests';
import { shutDownGracefully, type ShutdownResult } from './lifecycle/graceful-shutdown';

export interface RunningServer {
  url: string;
  /** Where `GET /metrics` answers. */
  metricsUrl: string;
  database: Database;
  bootstrap: BootstrapResult;
  /** Stops at once: connections and watchers are cut. */
  close(): Promise<void>;
  /** The contract's SIGTERM: drain, hand watchers their changes, close with 1001, then stop. */
  shutDown(timeoutMs: number): Promise<ShutdownResult>;
}

/** The composition root: builds every part once, injects it, and listens. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    waitSeconds: config.databaseWaitSeconds,
    onWaiting: (message) => logger.warn(message),
  });
  // Real time and scale-out: a read-through cache (in process, plus Redis when REDIS_URL is set)
  // around the store, and committed changes fanned out on the bus, ordered by the hub.
  const redis = config.redisUrl ? await openRedisConnections(config.redisUrl, logger) : undefined;
  const cacheStats = new CacheStats();
  const localCache = new LruEntryCache();
  const sharedCache = redis ? new RedisEntryCache({ client: redis.commands, prefix: config.redisPrefix }) : undefined;
  const configStore = new CachedConfigStore(new MikroConfigStore(database, { onBatch: (size) => metrics.writeBatchSize.observe(size) }), {
    local: localCache,
    shared: sharedCache,
    stats: cacheStats,
  });
  const changeLog = new MikroChangeLogStore(database);
  // Where a committed change goes (caches, bus, hub, watchers): see changes/changes.ts.
  const changes = createChanges({
    log: changeLog,
    redis: redis ? { connections: redis, prefix: config.redisPrefix } : undefined,
    local: localCache,
    shared: sharedCache,
    pollIntervalMs: config.changePollMs,
    onDelivery: (delivery) => metrics.observeDelivery(delivery),
    onError: (error) => logger.warn({ err: error }, 'reading the change log failed; retrying on the next poll'),
  });
  const { hub, bus } = changes;
  const metrics = new ServerMetrics({ cacheStats, headRevision: () => hub.head });
  const apiKeyStore = new MikroApiKeyStore(database);
  await changes.start();
  const keyring = loadEncryptionKeyring({ currentBase64: config.encryptionKey, previousBase64: config.previousEncryptionKey, dataDir: config.dataDir });
  const codec = new AesGcmValueCodec(keyring);
  const configs = new ConfigEngine({ store: configStore, feed: changes.feed, codec });
  const apiKeys = new ApiKeyService(apiKeyStore);
  const tokens = new TokenService({ secret: loadJwtSecret(config), ttlSeconds: config.tokenTtlSeconds });
  const authenticator = new Authenticator(apiKeys, tokens);
  const audit = new AuditService(new MikroAuditStore(database));
  const health = new HealthService([
    { name: 'database', critical: true, probe: () => configStore.ping() },
    // Reads go on when the disk is full, writes do not: degraded, not unavailable.
    { name: 'storage', critical: false, probe: () => database.storage.probe() },
    ...(redis
      ? [
          { name: 'cache', critical: false, probe: async () => void (await redis.commands.ping()) },
          { name: 'bus', critical: false, probe: () => bus.probe() },
        ]
      : []),
  ]);
  const bootstrap = await apiKeys.bootstrapAdmin(config.adminKey);

  const sharedCounts = redis ? { redis: { client: redis.commands, prefix: config.redisPrefix } } : {};
  const failedAuth = new FailedAuthLimiter({ perMinute: config.authFailuresPerMinute, ...sharedCounts });
  const app = createHttpApp({
    failedAuth,
    serveMetrics: config.metricsPort === undefined,
    metricsToken: config.metricsToken,
    logger,
    configs,
    apiKeys,
    authenticator,
    tokens,
    audit,
    health,
    ofrep: new OfrepService(configs),
    openApiDocument: buildOpenApiDocument(SERVER_VERSION),
    rateLimiters: createRateLimiters({
      perMinute: config.rateLimitPerMinute,
      tokenFailuresPerMinute: config.tokenFailuresPerMinute,
      ...sharedCounts,
    }),
    corsOrigins: config.corsOrigins,
    metrics,
  });
  const watch = new WatchServer({
    hub,
    log: changeLog,
    authenticator,
    codec,
    logger,
    observer: metrics.watchObserver(),
    heartbeatMs: config.watchHeartbeatMs,
    maxBufferedBytes: config.watchMaxBufferBytes,
    retentionRevisions: config.changeLogRetention,
    failedAuth,
    maxPerAddress: config.watchMaxPerAddress,
    maxPerCredential: config.watchMaxPerCredential,
  });
  const requests = new InFlightRequests();
  const server: Server = createHttpServer(requests.track(app));
  server.on('upgrade', (req, socket, head) => {
    if (!watch.handleUpgrade(req, socket, head)) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  // `/metrics` on a port of its own (not exposed with the API), when configured.
  let metricsServer: Server | undefined;
  if (config.metricsPort !== undefined) {
    const listener = createHttpServer(metricsApp(metrics, config.metricsToken, logger));
    metricsServer = listener;
    await new Promise<void>((resolve, reject) => {
      listener.once('error', reject);
      listener.listen(config.metricsPort, config.host, () => resolve());
    });
  }
  const metricsUrl = metricsServer ? `http://${host}:${(metricsServer.address() as AddressInfo).port}/metrics` : `http://${host}:${address.port}/metrics`;

  const close = async () => {
    await watch.close();
    await changes.stop();
    await redis?.close();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    if (metricsServer) {
      const listener = metricsServer;
      await new Promise<void>((resolve) => {
        listener.close(() => resolve());
        listener.closeAllConnections();
      });
    }
    await apiKeys.close();
    await database.close();
  };
  return {
    url: `http://${host}:${address.port}`,
    metricsUrl,
    database,
    bootstrap,
    close,
    shutDown: (timeoutMs) =>
      shutDownGracefully(
        {
          server,
          health,
          requests,
          watch,
          committedRevision: () => changeLog.headRevision(),
          catchUp: () => hub.catchUp(),
          release: close,
          logger,
        },
        timeoutMs,
      ),
  };
}

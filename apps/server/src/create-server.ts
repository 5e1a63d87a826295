import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { ServerConfig } from './config/server-config';
import { openDatabase, type Database } from './storage/open-database';
import { MikroConfigStore } from './storage/mikro-config-store';
import { MikroApiKeyStore } from './storage/mikro-api-key-store';
import { MikroAuditStore } from './storage/mikro-audit-store';
import { ChangeFeed } from './events/change-feed';
import { ConfigService } from './services/config-service';
import { ApiKeyService, type BootstrapResult } from './services/api-key-service';
import { HealthService } from './services/health-service';
import { Authenticator } from './services/authenticator';
import { TokenService } from './services/token-service';
import { AuditService } from './services/audit-service';
import { loadEncryptionKeyring } from './secrets/encryption-keys';
import { AesGcmValueCodec } from './secrets/aes-gcm-value-codec';
import { loadJwtSecret } from './secrets/jwt-secret';
import { createHttpApp } from './http/create-http-app';
import { buildOpenApiDocument } from './openapi/openapi-document';
import { SERVER_VERSION } from './version';

export interface RunningServer {
  url: string;
  database: Database;
  bootstrap: BootstrapResult;
  close(): Promise<void>;
}

/** The composition root: builds every part once, injects it, and listens. */
export async function startServer(config: ServerConfig, logger: Logger): Promise<RunningServer> {
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const configStore = new MikroConfigStore(database);
  const apiKeyStore = new MikroApiKeyStore(database);
  const feed = new ChangeFeed();
  const keyring = loadEncryptionKeyring({ currentBase64: config.encryptionKey, previousBase64: config.previousEncryptionKey, dataDir: config.dataDir });
  const codec = new AesGcmValueCodec(keyring);
  const configs = new ConfigService(configStore, feed, codec);
  const apiKeys = new ApiKeyService(apiKeyStore);
  const tokens = new TokenService({ secret: loadJwtSecret(config), ttlSeconds: config.tokenTtlSeconds });
  const authenticator = new Authenticator(apiKeys, tokens);
  const audit = new AuditService(new MikroAuditStore(database));
  const health = new HealthService([{ name: 'database', critical: true, probe: () => configStore.ping() }]);
  const bootstrap = await apiKeys.bootstrapAdmin(config.adminKey);

  const app = createHttpApp({
    logger,
    configs,
    apiKeys,
    authenticator,
    tokens,
    audit,
    health,
    openApiDocument: buildOpenApiDocument(SERVER_VERSION),
    rateLimits: { perMinute: config.rateLimitPerMinute, tokenFailuresPerMinute: config.tokenFailuresPerMinute },
    corsOrigins: config.corsOrigins,
  });
  const server: Server = createHttpServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;

  return {
    url: `http://${host}:${address.port}`,
    database,
    bootstrap,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await apiKeys.close();
      await database.close();
    },
  };
}

import { existsSync } from 'node:fs';
import { readServerConfig, type ServerConfig } from '../config/server-config';
import { createLogger } from '../logging/create-logger';
import { startServer, type RunningServer } from '../create-server';
import { adminKeyPath, writeAdminKeyFile } from '../admin-key-file';

/** `config-service` (or `config-service serve`): runs the server until SIGINT/SIGTERM. */
export async function serveCommand(): Promise<void> {
  const config = readServerConfig(process.env);
  const logger = createLogger(config.logLevel);
  const server = await startServer(config, logger);

  // The first line a person sees: where it listens, how to get the admin key, where to use it.
  process.stdout.write(
    `config-service listening on ${server.url} (${server.database.kind} at ${server.database.location}); ${adminKeyHint(config, server)}; web console at ${server.url}/console/\n`,
  );
  logger.info({ url: server.url, database: server.database.kind }, 'started');

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal, timeout_ms: config.shutdownTimeoutMs }, 'shutting down: draining requests and watchers');
    // The last resort if closing a store hangs: the process still ends within the timeout.
    setTimeout(() => {
      logger.error({ timeout_ms: config.shutdownTimeoutMs }, 'shutdown timed out; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    server.shutDown(config.shutdownTimeoutMs).then(
      (result) => {
        if (result.clean) logger.info({ duration_ms: result.durationMs }, 'shut down');
        else logger.warn({ duration_ms: result.durationMs }, 'shut down; the timeout cut requests or watchers');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

function adminKeyHint(config: ServerConfig, server: RunningServer): string {
  if (server.bootstrap.generatedKey) {
    const path = writeAdminKeyFile(config.dataDir, server.bootstrap.generatedKey);
    return `admin key generated: read it with \`cat ${path}\` (mode 0600), then send it as X-API-Key`;
  }
  if (server.bootstrap.created) return 'admin key: the one in CONFIG_SERVICE_ADMIN_KEY';
  const path = adminKeyPath(config.dataDir);
  return existsSync(path)
    ? `admin key: \`cat ${path}\` (made on the first start)`
    : 'admin key: made on the first start of this database (CONFIG_SERVICE_ADMIN_KEY or the admin-key file then written)';
}

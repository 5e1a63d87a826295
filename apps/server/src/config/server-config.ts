import { z } from 'zod';

/** The environment variables the server reads (the contract's table); nothing else. */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  CONFIG_SERVICE_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL (unset for the embedded SQLite file)')
    .optional(),
  REDIS_URL: z.string().optional(),
  CONFIG_SERVICE_ADMIN_KEY: z.string().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CONFIG_SERVICE_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CONFIG_SERVICE_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(86_400).default(900),
  CONFIG_SERVICE_ENCRYPTION_KEY: z.string().optional(),
  CONFIG_SERVICE_ENCRYPTION_KEY_PREVIOUS: z.string().optional(),
  CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(6000),
  CONFIG_SERVICE_TOKEN_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(20),
  CONFIG_SERVICE_CORS_ORIGINS: z.string().optional(),
  CONFIG_SERVICE_REDIS_PREFIX: z.string().min(1).max(100).default('config-service:'),
  CONFIG_SERVICE_WATCH_HEARTBEAT_MS: z.coerce.number().int().min(50).max(30_000).default(15_000),
  CONFIG_SERVICE_WATCH_MAX_BUFFER_BYTES: z.coerce.number().int().min(16_384).default(1_048_576),
  CONFIG_SERVICE_CHANGE_LOG_RETENTION: z.coerce.number().int().min(1).default(1_000_000),
  CONFIG_SERVICE_CHANGE_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  CONFIG_SERVICE_DATABASE_WAIT_SECONDS: z.coerce.number().int().min(0).max(3600).default(120),
  CONFIG_SERVICE_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).default(60),
  CONFIG_SERVICE_WATCH_MAX_PER_ADDRESS: z.coerce.number().int().min(1).default(1000),
  CONFIG_SERVICE_WATCH_MAX_PER_CREDENTIAL: z.coerce.number().int().min(1).default(1000),
  CONFIG_SERVICE_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  CONFIG_SERVICE_METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
});

export interface ServerConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  adminKey: string | undefined;
  logLevel: string;
  jwtSecret: string | undefined;
  tokenTtlSeconds: number;
  encryptionKey: string | undefined;
  previousEncryptionKey: string | undefined;
  rateLimitPerMinute: number;
  tokenFailuresPerMinute: number;
  /** Origins allowed by CORS; empty: no CORS headers; ['*']: any origin. */
  corsOrigins: string[];
  /** Prefix of every Redis key and channel, so deployments can share one Redis. */
  redisPrefix: string;
  /** Watch heartbeat (bookmark) interval. */
  watchHeartbeatMs: number;
  /** A watcher with more than this waiting to be sent is closed with 4008. */
  watchMaxBufferBytes: number;
  /** How many revisions back a watch `since` may reach (older: 4010). */
  changeLogRetention: number;
  /** How often each replica reads the change log for changes the bus did not bring. */
  changePollMs: number;
  /** How long start-up keeps trying to reach PostgreSQL before it gives up. */
  databaseWaitSeconds: number;
  /** Failed authentications per minute from one address (and against one key prefix) before 429. */
  authFailuresPerMinute: number;
  /** Open watches allowed from one client address, and on one credential. */
  watchMaxPerAddress: number;
  watchMaxPerCredential: number;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken: string | undefined;
  /** When set, `/metrics` is served on this port (and host) only, not on the API port. */
  metricsPort: number | undefined;
  /** How long a SIGTERM waits for requests and watchers before the process exits. */
  shutdownTimeoutMs: number;
}

/** Reads the configuration from the environment; a bad value stops start-up with its name. */
export function readServerConfig(env: NodeJS.ProcessEnv): ServerConfig {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, value === '' ? undefined : value]));
  const result = EnvSchema.safeParse(blankToUndefined);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`invalid configuration:\n${lines.join('\n')}`);
  }
  const parsed = result.data;
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    dataDir: parsed.CONFIG_SERVICE_DATA_DIR,
    databaseUrl: parsed.DATABASE_URL,
    redisUrl: parsed.REDIS_URL,
    adminKey: parsed.CONFIG_SERVICE_ADMIN_KEY,
    logLevel: parsed.LOG_LEVEL,
    jwtSecret: parsed.CONFIG_SERVICE_JWT_SECRET,
    tokenTtlSeconds: parsed.CONFIG_SERVICE_TOKEN_TTL_SECONDS,
    encryptionKey: parsed.CONFIG_SERVICE_ENCRYPTION_KEY,
    previousEncryptionKey: parsed.CONFIG_SERVICE_ENCRYPTION_KEY_PREVIOUS,
    rateLimitPerMinute: parsed.CONFIG_SERVICE_RATE_LIMIT_PER_MINUTE,
    tokenFailuresPerMinute: parsed.CONFIG_SERVICE_TOKEN_FAILURES_PER_MINUTE,
    corsOrigins: (parsed.CONFIG_SERVICE_CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
    redisPrefix: parsed.CONFIG_SERVICE_REDIS_PREFIX,
    watchHeartbeatMs: parsed.CONFIG_SERVICE_WATCH_HEARTBEAT_MS,
    watchMaxBufferBytes: parsed.CONFIG_SERVICE_WATCH_MAX_BUFFER_BYTES,
    changeLogRetention: parsed.CONFIG_SERVICE_CHANGE_LOG_RETENTION,
    changePollMs: parsed.CONFIG_SERVICE_CHANGE_POLL_MS,
    databaseWaitSeconds: parsed.CONFIG_SERVICE_DATABASE_WAIT_SECONDS,
    authFailuresPerMinute: parsed.CONFIG_SERVICE_AUTH_FAILURES_PER_MINUTE,
    watchMaxPerAddress: parsed.CONFIG_SERVICE_WATCH_MAX_PER_ADDRESS,
    watchMaxPerCredential: parsed.CONFIG_SERVICE_WATCH_MAX_PER_CREDENTIAL,
    metricsToken: parsed.CONFIG_SERVICE_METRICS_TOKEN,
    metricsPort: parsed.CONFIG_SERVICE_METRICS_PORT,
    shutdownTimeoutMs: parsed.CONFIG_SERVICE_SHUTDOWN_TIMEOUT_MS,
  };
}

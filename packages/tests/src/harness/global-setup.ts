import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgres, type PostgresServer } from './postgres-server';
import { findRedisServer, startRedis, type RedisServer } from './redis-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the throwaway PostgreSQL, or null when it is not available (never in CI). */
    postgresUrl: string | null;
    /** URL of the shared throwaway Redis, or null when redis-server is not available (never in CI). */
    redisUrl: string | null;
  }
}

let postgres: PostgresServer | undefined;
let redis: RedisServer | undefined;

/** Starts the shared throwaway services once for the whole integration run. */
export async function setup(project: TestProject): Promise<void> {
  const inCi = process.env.CI === 'true';
  if (!findRedisServer()) {
    if (inCi) throw new Error('Redis is required under CI=true but redis-server is missing (install the Debian package `redis-server`)');
    console.warn('[harness] redis-server not found: the Redis tests are skipped (this would fail under CI=true)');
    project.provide('redisUrl', null);
  } else {
    redis = await startRedis();
    project.provide('redisUrl', redis.url);
  }
  if (!findPostgresBin()) {
    if (inCi) throw new Error('PostgreSQL is required under CI=true but its binaries are missing (install the Debian package `postgresql`)');
    console.warn('[harness] PostgreSQL binaries not found: the PostgreSQL targets are skipped (this would fail under CI=true)');
    project.provide('postgresUrl', null);
    return;
  }
  postgres = await startPostgres();
  project.provide('postgresUrl', postgres.url);
}

export async function teardown(): Promise<void> {
  await postgres?.stop();
  await redis?.stop();
}

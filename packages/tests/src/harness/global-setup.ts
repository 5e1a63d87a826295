import type { TestProject } from 'vitest/node';
import { findPostgresBin, startPostgres, type PostgresServer } from './postgres-server';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the throwaway PostgreSQL, or null when it is not available (never in CI). */
    postgresUrl: string | null;
  }
}

let postgres: PostgresServer | undefined;

/** Starts the shared throwaway services once for the whole integration run. */
export async function setup(project: TestProject): Promise<void> {
  const inCi = process.env.CI === 'true';
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
}

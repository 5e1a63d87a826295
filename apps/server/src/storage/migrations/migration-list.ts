import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';

/**
 * Migrations in order; listed in code so the bundled server needs no migration files on disk.
 * Each is loaded only when it has to run: a server whose database is up to date starts without
 * the migrator (umzug and its command line are a fifth of a start-up's CPU).
 */
export const MIGRATIONS: readonly { name: string; load: () => Promise<Constructor<Migration>> }[] = [
  { name: 'Migration0001Initial', load: async () => (await import('./migration-0001-initial')).Migration0001Initial },
  { name: 'Migration0002AuditLog', load: async () => (await import('./migration-0002-audit-log')).Migration0002AuditLog },
  { name: 'Migration0003ConfigSchemas', load: async () => (await import('./migration-0003-config-schemas')).Migration0003ConfigSchemas },
];

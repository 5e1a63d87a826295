import type { Constructor } from '@mikro-orm/core';
import type { Migration } from '@mikro-orm/migrations';

/**
 * Migrations in order; listed in code, not found by reading a migrations folder. Each is loaded
 * only when one has to run: a server whose database is up to date starts without the migrator
 * (which, with umzug and its command line, cost about a tenth of a start-up's CPU).
 */
export const MIGRATIONS: readonly { name: string; load: () => Promise<Constructor<Migration>> }[] = [
  { name: 'Migration0001Initial', load: async () => (await import('./migration-0001-initial')).Migration0001Initial },
  { name: 'Migration0002AuditLog', load: async () => (await import('./migration-0002-audit-log')).Migration0002AuditLog },
  { name: 'Migration0003ConfigSchemas', load: async () => (await import('./migration-0003-config-schemas')).Migration0003ConfigSchemas },
];

import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './migration-0001-initial';
import { Migration0002AuditLog } from './migration-0002-audit-log';
import { Migration0003ConfigSchemas } from './migration-0003-config-schemas';

/** Migrations in order; listed in code so the bundled server needs no migration files on disk. */
export const MIGRATIONS: MigrationObject[] = [
  { name: 'Migration0001Initial', class: Migration0001Initial },
  { name: 'Migration0002AuditLog', class: Migration0002AuditLog },
  { name: 'Migration0003ConfigSchemas', class: Migration0003ConfigSchemas },
];

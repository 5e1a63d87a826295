import type { MigrationObject } from '@mikro-orm/core';
import { Migration0001Initial } from './migration-0001-initial';

/** Migrations in order; listed in code so the bundled server needs no migration files on disk. */
export const MIGRATIONS: MigrationObject[] = [{ name: 'Migration0001Initial', class: Migration0001Initial }];

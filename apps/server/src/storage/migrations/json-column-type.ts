import type { Platform } from '@mikro-orm/core';

/**
 * The column type for JSON documents: jsonb on PostgreSQL, TEXT on SQLite. Not SQLite's
 * "json": a column declared so gets NUMERIC affinity, and SQLite then turns a value stored as
 * the text `12345678901234567890.5` into a float, losing digits. TEXT keeps the text exactly.
 */
export function jsonColumnType(platform: Platform): 'jsonb' | 'text' {
  return platform.getJsonDeclarationSQL() === 'jsonb' ? 'jsonb' : 'text';
}

export { compileValueSchema } from './compile-value-schema';
export type { ValueSchema } from './compile-value-schema';
export { MAX_SCHEMA_BYTES, MAX_PAIRWISE_UNIQUE_ITEMS } from './schema-safety';
export { MAX_REPORTED_ISSUES } from './schema-issue';
export type { SchemaIssue } from './schema-issue';
export { ValueSchemaCache } from './value-schema-cache';
export { schemaValueCheck } from './schema-value-check';
export type { SchemaSet } from './schema-value-check';

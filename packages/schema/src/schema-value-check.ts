import { compileValueSchema, type ValueSchema } from './compile-value-schema';
import type { SchemaIssue } from './schema-issue';

/** Schemas by namespace and key: the `configSchemas` that `config-service codegen` writes. */
export type SchemaSet = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/**
 * A value check for the SDK's `checkValue` option: each value received from the server is
 * checked against its key's schema (keys without one pass). Schemas compile on first use, once.
 * A separate package so that ajv only reaches a bundle that asks for it.
 *
 * @example
 * import { schemaValueCheck } from '@config-service/schema';
 * import { configSchemas } from './config-types'; // written by `config-service codegen`
 * const client = createClient({ baseUrl, apiKey, namespaces: ['payments'], checkValue: schemaValueCheck(configSchemas) });
 */
export function schemaValueCheck(schemas: SchemaSet): (namespace: string, key: string, value: unknown) => SchemaIssue[] {
  const compiled = new Map<string, ValueSchema | null>();
  return (namespace, key, value) => {
    const id = `${namespace}\u0000${key}`;
    let schema = compiled.get(id);
    if (schema === undefined) {
      const source = schemas[namespace]?.[key];
      schema = source === undefined ? null : compileValueSchema(JSON.stringify(source));
      compiled.set(id, schema);
    }
    return schema ? schema.check(value) : [];
  };
}

import { compileValueSchema, type ValueSchema } from './compile-value-schema';

interface Compiled {
  version: number;
  schema: ValueSchema;
}

/**
 * Compiled schemas by key and schema version, so a write never compiles: it asks for the
 * version it read in its transaction and gets the compiled one, compiling only the first time
 * this process meets that version (a schema changed through another replica included).
 * One entry per key: a newer version replaces the older one.
 */
export class ValueSchemaCache {
  private readonly compiled = new Map<string, Compiled>();
  private compilations = 0;

  /** The compiled schema of `namespace/key` at `version`, whose JSON text is `schemaJson`. */
  get(namespace: string, key: string, version: number, schemaJson: string): ValueSchema {
    const id = `${namespace}\u0000${key}`;
    const hit = this.compiled.get(id);
    if (hit && hit.version === version) return hit.schema;
    const schema = compileValueSchema(schemaJson);
    this.compilations += 1;
    if (!hit || hit.version < version) this.compiled.set(id, { version, schema });
    return schema;
  }

  /** Keeps a schema compiled elsewhere (when it was stored) as `namespace/key` at `version`. */
  remember(namespace: string, key: string, version: number, schema: ValueSchema): void {
    this.compilations += 1;
    const id = `${namespace}\u0000${key}`;
    const hit = this.compiled.get(id);
    if (!hit || hit.version < version) this.compiled.set(id, { version, schema });
  }

  forget(namespace: string, key: string): void {
    this.compiled.delete(`${namespace}\u0000${key}`);
  }

  /** How many schemas were compiled (here, or given to `remember`): what proves a write does not compile. */
  get compileCount(): number {
    return this.compilations;
  }
}

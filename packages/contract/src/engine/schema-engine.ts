import { ConflictError, NotFoundError, ValidationError, stringifyJson } from '@config-service/core';
import { ValueSchemaCache, compileValueSchema, type SchemaIssue } from '@config-service/schema';
import { checkPreconditions, type Preconditions } from '../rules/preconditions';
import { sameJson } from '../rules/value-rules';
import type { Actor } from '../rules/access-policy';
import type { ConfigStore, StoredSchema } from './config-store';
import { schemaChangeAudit } from './audit-records';
import type { ValueCodec } from './value-codec';

export interface SchemaWriteResult {
  schema: StoredSchema;
  /** True when the key had no schema before. */
  created: boolean;
}

/** Where the engine looks a key's schema up during a write (its own transaction). */
export interface SchemaLookup {
  getSchema(namespace: string, key: string): Promise<StoredSchema | null>;
}

/**
 * The contract's rules for schemas: one JSON Schema per key, versioned per key, changed under
 * the write lock with no config revision, never stored when the key's current value fails it.
 * It also answers, for the engine's value writes, why a value fails its key's schema, from
 * schemas compiled once per version (`ValueSchemaCache`), so a write never compiles.
 */
export class SchemaEngine {
  private readonly cache = new ValueSchemaCache();

  constructor(
    private readonly store: ConfigStore,
    private readonly codec: ValueCodec,
    private readonly now: () => Date,
  ) {}

  /** How many times this engine compiled a schema: what shows that a write does not. */
  get compilations(): number {
    return this.cache.compileCount;
  }

  async get(namespace: string, key: string): Promise<StoredSchema> {
    const schema = await this.store.getSchema(namespace, key);
    if (!schema) throw new NotFoundError(`${namespace}/${key} has no schema`);
    return schema;
  }

  list(namespace: string): Promise<StoredSchema[]> {
    return this.store.listSchemas(namespace);
  }

  /** Stores `schema` (a parsed JSON body) as the key's schema; a schema may come before its key. */
  async put(actor: Actor, namespace: string, key: string, schema: unknown, preconditions?: Preconditions): Promise<SchemaWriteResult> {
    const schemaJson = stringifyJson(schema);
    // Compiled before the lock is taken: a refused schema costs no one else any waiting.
    const compiled = compileValueSchema(schemaJson);
    const result = await this.store.writeSchema(async (tx) => {
      const current = await tx.getSchema(namespace, key);
      const live = current && !current.deleted ? current : null;
      checkPreconditions(live?.version ?? null, preconditions);
      if (live && sameJson(live.schemaJson, schemaJson)) return { schema: live, created: false };
      const entry = await tx.getEntry(namespace, key);
      if (entry && !entry.deleted && entry.valueJson !== null) {
        const issues = compiled.check(JSON.parse(this.codec.open(entry.valueJson, entry.secret)), '/value');
        if (issues.length > 0) {
          throw new ConflictError(`the current value of ${namespace}/${key} (version ${entry.version}) does not satisfy this schema: ${summary(issues)}`, {
            errors: issues,
          });
        }
      }
      const stored = await tx.putSchema({ namespace, key, schemaJson, version: (current?.version ?? 0) + 1, updatedAt: this.now(), updatedBy: actor.name });
      await tx.appendAudit(schemaChangeAudit(actor, 'schema_updated', stored, live?.version ?? null));
      return { schema: stored, created: !live };
    });
    // Only once committed: a version that never committed must not be cached as this schema.
    this.cache.remember(namespace, key, result.schema.version, compiled);
    return result;
  }

  async delete(actor: Actor, namespace: string, key: string, preconditions?: Preconditions): Promise<void> {
    await this.store.writeSchema(async (tx) => {
      const current = await tx.getSchema(namespace, key);
      const live = current && !current.deleted ? current : null;
      if (!live) {
        if (preconditions?.ifMatch !== undefined) checkPreconditions(null, preconditions);
        throw new NotFoundError(`${namespace}/${key} has no schema`);
      }
      checkPreconditions(live.version, preconditions);
      const at = this.now();
      await tx.deleteSchema(namespace, key, at, actor.name);
      await tx.appendAudit(schemaChangeAudit(actor, 'schema_deleted', { ...live, updatedAt: at }, live.version));
      this.cache.forget(namespace, key);
    });
  }

  /**
   * Why `plainValueJson` (the value in clear, before a secret is sealed) fails the key's
   * schema as `lookup` (the write's transaction) sees it; empty when it passes or has none.
   */
  async issues(lookup: SchemaLookup, namespace: string, key: string, plainValueJson: string): Promise<SchemaIssue[]> {
    const stored = await lookup.getSchema(namespace, key);
    if (!stored) return [];
    return this.cache.get(namespace, key, stored.version, stored.schemaJson).check(JSON.parse(plainValueJson), '/value');
  }

  /** 400 for a create or update whose value fails the key's schema; nothing is written. */
  async assertValid(lookup: SchemaLookup, namespace: string, key: string, plainValueJson: string): Promise<void> {
    const issues = await this.issues(lookup, namespace, key, plainValueJson);
    if (issues.length > 0) throw new ValidationError(`the value does not satisfy the schema of ${namespace}/${key}: ${summary(issues)}`, { errors: issues });
  }
}

function summary(issues: SchemaIssue[]): string {
  const first = issues[0]!;
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return `${first.path} ${first.message}${more}`;
}

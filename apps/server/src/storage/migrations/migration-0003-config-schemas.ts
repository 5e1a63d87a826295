import { jsonColumnType } from './json-column-type';
import { SchemaMigration } from './schema-migration';

/** JSON Schemas of keys (contract v1.1): one row per key, versioned, kept as a tombstone on delete. */
export class Migration0003ConfigSchemas extends SchemaMigration {
  override async up(): Promise<void> {
    const json = jsonColumnType(this.driver.getPlatform());
    this.addBuilder(
      this.getKnex().schema.createTable('config_schemas', (t) => {
        t.increments('id');
        t.string('namespace', 100).notNullable();
        t.string('config_key', 255).notNullable();
        t.specificType('schema', json).notNullable();
        t.integer('version').notNullable();
        t.boolean('deleted').notNullable().defaultTo(false);
        t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable();
        t.string('updated_by', 255).notNullable();
        t.unique(['namespace', 'config_key'], { indexName: 'config_schemas_namespace_key_unique' });
      }),
    );
  }
}

import { jsonColumnType } from './json-column-type';
import { SchemaMigration } from './schema-migration';

/**
 * Written with knex's schema builder so one migration yields the right DDL for SQLite and
 * PostgreSQL alike (jsonb and timestamptz there, TEXT and datetime here).
 */
export class Migration0001Initial extends SchemaMigration {
  override async up(): Promise<void> {
    const json = jsonColumnType(this.driver.getPlatform());
    // A knex schema builder accumulates statements, so each table gets a fresh one.
    const schema = () => this.getKnex().schema;
    this.addBuilder(
      schema().createTable('revision_counter', (t) => {
        t.integer('id').primary();
        t.bigInteger('value').notNullable();
      }),
    );
    this.addSql(this.getKnex().insert({ id: 1, value: 0 }).into('revision_counter'));

    this.addBuilder(
      schema().createTable('configurations', (t) => {
        t.increments('id');
        t.string('namespace', 100).notNullable();
        t.string('config_key', 255).notNullable();
        t.specificType('value', json).nullable();
        t.specificType('metadata', json).nullable();
        t.boolean('secret').notNullable().defaultTo(false);
        t.integer('version').notNullable();
        t.bigInteger('revision').notNullable();
        t.boolean('deleted').notNullable().defaultTo(false);
        t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
        t.timestamp('updated_at', { useTz: true, precision: 3 }).notNullable();
        t.string('updated_by', 255).notNullable();
        t.unique(['namespace', 'config_key'], { indexName: 'configurations_namespace_key_unique' });
      }),
    );

    this.addBuilder(
      schema().createTable('configuration_history', (t) => {
        t.increments('id');
        t.string('namespace', 100).notNullable();
        t.string('config_key', 255).notNullable();
        t.integer('version').notNullable();
        t.bigInteger('revision').notNullable();
        t.string('action', 20).notNullable();
        t.specificType('value', json).nullable();
        t.specificType('metadata', json).nullable();
        t.boolean('secret').notNullable().defaultTo(false);
        t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
        t.string('created_by', 255).notNullable();
        t.unique(['namespace', 'config_key', 'version'], { indexName: 'history_namespace_key_version_unique' });
        t.unique(['revision'], { indexName: 'history_revision_unique' });
      }),
    );

    this.addBuilder(
      schema().createTable('api_keys', (t) => {
        t.string('id', 36).primary();
        t.string('name', 100).notNullable();
        t.string('key_hash', 64).notNullable();
        t.string('key_prefix', 16).notNullable();
        t.specificType('roles', json).notNullable();
        t.specificType('namespaces', json).nullable();
        t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
        t.timestamp('expires_at', { useTz: true, precision: 3 }).nullable();
        t.timestamp('last_used_at', { useTz: true, precision: 3 }).nullable();
        t.timestamp('revoked_at', { useTz: true, precision: 3 }).nullable();
        t.unique(['key_hash'], { indexName: 'api_keys_key_hash_unique' });
      }),
    );
  }
}

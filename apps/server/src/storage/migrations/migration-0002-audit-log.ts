import { Migration } from '@mikro-orm/migrations';
import type { Knex } from '@mikro-orm/knex';
import { jsonColumnType } from './json-column-type';

/** The audit log: one row per change and per admin action, written in the change's transaction. */
export class Migration0002AuditLog extends Migration {
  override async up(): Promise<void> {
    const json = jsonColumnType(this.driver.getPlatform());
    const builder = this.getKnex().schema.createTable('audit_logs', (t) => {
      t.bigIncrements('id');
      t.string('action', 50).notNullable();
      t.string('entity_type', 50).notNullable();
      t.string('entity_id', 400).notNullable();
      t.string('user_id', 100).notNullable();
      t.specificType('changes', json).nullable();
      t.string('request_id', 128).nullable();
      t.timestamp('created_at', { useTz: true, precision: 3 }).notNullable();
      t.index(['entity_type', 'entity_id'], 'audit_logs_entity_index');
      t.index(['created_at'], 'audit_logs_created_at_index');
    });
    for (const statement of builder.toSQL() as Knex.Sql[]) {
      this.addSql(this.getKnex().raw(statement.sql, statement.bindings as Knex.RawBinding[]));
    }
  }
}

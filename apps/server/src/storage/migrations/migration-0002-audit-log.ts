import { jsonColumnType } from './json-column-type';
import { SchemaMigration } from './schema-migration';

/** The audit log: one row per change and per admin action, written in the change's transaction. */
export class Migration0002AuditLog extends SchemaMigration {
  override async up(): Promise<void> {
    const json = jsonColumnType(this.driver.getPlatform());
    this.addBuilder(
      this.getKnex().schema.createTable('audit_logs', (t) => {
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
      }),
    );
  }
}

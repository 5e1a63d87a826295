import { Migration } from '@mikro-orm/migrations';
import type { Knex } from '@mikro-orm/knex';

/**
 * A migration written with knex's schema builder, so one migration yields the right DDL for
 * SQLite and PostgreSQL alike.
 */
export abstract class SchemaMigration extends Migration {
  /** Adds each statement of a schema builder on its own: libsql runs one statement per call. */
  protected addBuilder(builder: Knex.SchemaBuilder): void {
    for (const statement of builder.toSQL() as Knex.Sql[]) {
      this.addSql(this.getKnex().raw(statement.sql, statement.bindings as Knex.RawBinding[]));
    }
  }
}

import { Type, type EntityProperty, type Platform } from '@mikro-orm/core';

/**
 * A JSON column whose JavaScript side is the JSON text itself. The driver never parses it, so
 * numbers keep every digit: PostgreSQL stores jsonb (numeric inside keeps all digits) and hands
 * back `::text`; SQLite keeps the text as sent.
 */
export class LosslessJsonType extends Type<string | null, string | null> {
  override convertToDatabaseValue(value: string | null): string | null {
    return value;
  }

  override convertToJSValue(value: string | null | object): string | null {
    if (value === null || value === undefined) return null;
    // Only reached if a driver parsed the column anyway; keeps the type honest.
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  override convertToJSValueSQL(key: string): string {
    return `cast(${key} as text)`;
  }

  override getColumnType(_prop: EntityProperty, platform: Platform): string {
    return platform.getJsonDeclarationSQL();
  }

  override compareAsType(): string {
    return 'string';
  }
}

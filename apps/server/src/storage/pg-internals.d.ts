// Parts of node-postgres the write path's pipeline (pg-pipeline.ts) uses; pg ships no types for them.
declare module 'pg/lib/utils' {
  /** The text (or bytes) pg sends for a parameter value. */
  export function prepareValue(value: unknown): unknown;
}

declare module 'pg/lib/result' {
  export default class Result {
    constructor(rowMode: 'array' | undefined, types: { getTypeParser(oid: number, format?: string): unknown });
    rows: unknown[];
    addFields(fields: unknown[]): void;
    parseRow(fields: unknown[]): unknown;
    addRow(row: unknown): void;
    addCommandComplete(message: unknown): void;
  }
}

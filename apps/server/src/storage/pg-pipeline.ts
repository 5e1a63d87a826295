import Result from 'pg/lib/result';
import { prepareValue } from 'pg/lib/utils';

/** One named prepared statement to run, already parsed on the connection (see `PgPipeline`). */
export interface PipelinedStatement {
  name: string;
  values: readonly unknown[];
}

/** What node-postgres's Client calls a submittable with: its protocol connection. */
interface ProtocolConnection {
  stream: { cork?(): void; uncork?(): void };
  bind(config: { statement: string; values: readonly unknown[] }): void;
  describe(config: { type: 'P'; name: string }): void;
  execute(config: { portal: string }): void;
  sync(): void;
}

/** The row types of the Client it runs on (the ORM's type parsers included). */
interface TypeSource {
  getTypeParser(oid: number, format?: string): unknown;
}

interface ProtocolMessage {
  fields: unknown[];
}

/**
 * Several prepared statements sent to PostgreSQL at once, answered at once: Bind, Describe and
 * Execute for each, and one Sync at the end (the extended protocol's pipelining). node-postgres
 * sends one query and waits for its answer before the next; this is a "submittable" it runs as
 * one query, so the statements share one round trip. They run in order; after one fails,
 * PostgreSQL skips the rest up to the Sync and the whole pipeline fails with that error.
 * Every statement must already be parsed on the connection (it has no Parse step: which parses
 * succeeded before an error could not be told apart, and a name parsed twice is an error).
 */
export class PgPipeline {
  /** The Client calls this for errors and for the end; set by `run`. */
  callback?: (error: Error | null) => void;
  private readonly results: Result[];
  private index = 0;

  constructor(
    private readonly statements: readonly PipelinedStatement[],
    types: TypeSource,
  ) {
    this.results = statements.map(() => new Result(undefined, types));
  }

  /** Each statement's rows, in order. */
  rows(): Record<string, unknown>[][] {
    return this.results.map((result) => result.rows as Record<string, unknown>[]);
  }

  submit(connection: ProtocolConnection): Error | null {
    // Every value converted before anything is sent: a value pg cannot convert fails the pipeline
    // (the Client answers it with this error) without leaving half of it on the wire, unsynced.
    let values: unknown[][];
    try {
      values = this.statements.map((statement) => statement.values.map((value) => prepareValue(value)));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    // Corked, so every message goes out in one write.
    connection.stream.cork?.();
    try {
      for (const [index, statement] of this.statements.entries()) {
        connection.bind({ statement: statement.name, values: values[index]! });
        connection.describe({ type: 'P', name: '' });
        connection.execute({ portal: '' });
      }
      connection.sync();
    } finally {
      connection.stream.uncork?.();
    }
    return null;
  }

  handleRowDescription(message: ProtocolMessage): void {
    this.results[this.index]!.addFields(message.fields);
  }

  handleDataRow(message: ProtocolMessage): void {
    const result = this.results[this.index]!;
    result.addRow(result.parseRow(message.fields));
  }

  handleCommandComplete(message: unknown): void {
    this.results[this.index]!.addCommandComplete(message);
    this.index += 1;
  }

  handleEmptyQuery(): void {
    this.index += 1;
  }

  handlePortalSuspended(): void {
    // Every Execute asks for all rows: never suspended.
  }

  handleError(error: Error): void {
    this.callback?.(error);
    this.callback = undefined;
  }

  handleReadyForQuery(): void {
    this.callback?.(null);
    this.callback = undefined;
  }
}

import type { AuditRecord } from '../engine/audit-record';
import type {
  ChangeToCommit,
  ConfigStore,
  ListPage,
  NamespaceStats,
  StoredEntry,
  StoredHistoryItem,
  StoredSchema,
  SchemaTransaction,
  WriteTransaction,
} from '../engine/config-store';
import { GroupCommit, type UnitOutcome, type WriteWork } from '../engine/group-commit';

/** Where the in-memory store writes the audit rows of its transactions. */
export interface AuditSink {
  append(record: AuditRecord): void;
}

export interface MemoryConfigStoreOptions {
  /** Receives each committed transaction's audit rows. @default none: they are dropped */
  audit?: AuditSink;
  /** The revision before the first change (the first change takes the next one). @default 0 */
  startRevision?: number;
  /** Told the size of each batch of write units committed together (see GroupCommit). */
  onBatch?: (size: number) => void;
}

/** What one write transaction has staged; applied only when its work finishes without error. */
interface Staged {
  entry: StoredEntry;
  history: StoredHistoryItem;
  audit: AuditRecord[];
}

/**
 * The storage port in memory: the MSW mock's adapter of the contract engine. Write units are
 * batched as the server batches them (the same GroupCommit) and run one at a time (as the
 * server's revision lock makes them); each applies its change only when its work finished, so a
 * refused write leaves nothing behind and takes no revision.
 */
export class MemoryConfigStore implements ConfigStore {
  private readonly entries = new Map<string, StoredEntry>();
  /** Per key, ascending by version. */
  private readonly histories = new Map<string, StoredHistoryItem[]>();
  /** Schemas by key; a deleted one stays as a tombstone so its version is never reused. */
  private readonly schemas = new Map<string, StoredSchema & { deleted: boolean }>();
  private currentRevision: number;
  private readonly audit: AuditSink | undefined;
  /** The tail of the queue of write transactions (batches of units, schema writes). */
  private writing: Promise<unknown> = Promise.resolve();
  private readonly units: GroupCommit;

  constructor(options: MemoryConfigStoreOptions = {}) {
    this.audit = options.audit;
    this.currentRevision = options.startRevision ?? 0;
    this.units = new GroupCommit((works) => this.queued(() => this.runBatch(works)), options.onBatch ? { onBatch: options.onBatch } : {});
  }

  /** The latest global revision. */
  get revision(): number {
    return this.currentRevision;
  }

  async getEntry(namespace: string, key: string): Promise<StoredEntry | null> {
    return this.entries.get(slot(namespace, key)) ?? null;
  }

  async listEntries(namespace: string, options: { prefix?: string; afterKey?: string; limit: number }): Promise<ListPage> {
    const { prefix, afterKey } = options;
    const items = [...this.entries.values()]
      .filter((entry) => entry.namespace === namespace && !entry.deleted)
      .filter((entry) => (prefix ? entry.key.startsWith(prefix) : true) && (afterKey === undefined || entry.key > afterKey))
      .sort((a, b) => compareNames(a.key, b.key))
      .slice(0, options.limit);
    return { revision: this.currentRevision, items };
  }

  async listHistory(namespace: string, key: string, options: { beforeVersion?: number; limit: number }): Promise<StoredHistoryItem[]> {
    const { beforeVersion } = options;
    const all = this.histories.get(slot(namespace, key)) ?? [];
    return all
      .filter((item) => beforeVersion === undefined || item.version < beforeVersion)
      .reverse()
      .slice(0, options.limit);
  }

  async listNamespaces(): Promise<NamespaceStats[]> {
    const stats = new Map<string, NamespaceStats>();
    for (const entry of this.entries.values()) {
      if (entry.deleted) continue;
      const current = stats.get(entry.namespace);
      if (!current) stats.set(entry.namespace, { name: entry.namespace, configCount: 1, updatedAt: entry.updatedAt });
      else {
        current.configCount += 1;
        if (entry.updatedAt > current.updatedAt) current.updatedAt = entry.updatedAt;
      }
    }
    return [...stats.values()].sort((a, b) => compareNames(a.name, b.name));
  }

  /** Reads here cost nothing: the entry a unit names is not read ahead. */
  write<T>(work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
    return this.units.submit(work);
  }

  async ping(): Promise<void> {}

  async getSchema(namespace: string, key: string): Promise<StoredSchema | null> {
    const schema = this.schemas.get(slot(namespace, key));
    return schema && !schema.deleted ? liveSchema(schema) : null;
  }

  async listSchemas(namespace: string): Promise<StoredSchema[]> {
    return [...this.schemas.values()]
      .filter((schema) => schema.namespace === namespace && !schema.deleted)
      .sort((a, b) => compareNames(a.key, b.key))
      .map(liveSchema);
  }

  /** In the queue of write transactions (so never between a value's check and its write); no revision. */
  writeSchema<T>(work: (tx: SchemaTransaction) => Promise<T>): Promise<T> {
    return this.queued(() => this.runSchemaWrite(work));
  }

  /** Resolves once every write transaction called so far has finished. */
  async idle(): Promise<void> {
    await this.units.idle();
    await this.writing;
  }

  private queued<T>(run: () => Promise<T>): Promise<T> {
    const done = this.writing.then(run);
    this.writing = done.catch(() => undefined);
    return done;
  }

  /**
   * Forgets every entry and history item. The clearing takes a revision of its own and
   * revisions go on from there, never back, so a client that saw the old state takes the new.
   */
  clear(): void {
    this.entries.clear();
    this.histories.clear();
    // Schemas become tombstones: their versions go on, so no compiled schema is taken for another.
    for (const [id, schema] of this.schemas) this.schemas.set(id, { ...schema, deleted: true });
    this.currentRevision += 1;
  }

  /** A batch of units: each applied when its work finished, none affected by another's error. */
  private async runBatch(works: readonly WriteWork[]): Promise<UnitOutcome[]> {
    const outcomes: UnitOutcome[] = [];
    for (const work of works) {
      try {
        outcomes.push({ ok: true, value: await this.runUnit(work) });
      } catch (error) {
        outcomes.push({ ok: false, error });
      }
    }
    return outcomes;
  }

  private async runUnit(work: WriteWork): Promise<unknown> {
    const revision = this.currentRevision + 1;
    let staged: Staged | undefined;
    const tx: WriteTransaction = {
      getEntry: (namespace, key) => this.getEntry(namespace, key),
      getHistoryItem: async (namespace, key, version) => this.histories.get(slot(namespace, key))?.find((item) => item.version === version) ?? null,
      getSchema: (namespace, key) => this.getSchema(namespace, key),
      commit: async (change) => {
        if (staged) throw new Error('one change per write transaction: each takes its own revision');
        staged = { ...this.stage(change, revision), audit: [] };
        return staged.entry;
      },
      appendAudit: async (record) => {
        if (!staged) throw new Error('an audit row is written with the change it records: commit first');
        staged.audit.push(record);
      },
    };
    const result = await work(tx);
    if (staged) this.apply(staged, revision);
    return result;
  }

  private async runSchemaWrite<T>(work: (tx: SchemaTransaction) => Promise<T>): Promise<T> {
    let staged: (StoredSchema & { deleted: boolean }) | undefined;
    const audit: AuditRecord[] = [];
    const tx: SchemaTransaction = {
      getEntry: (namespace, key) => this.getEntry(namespace, key),
      getSchema: async (namespace, key) => this.schemas.get(slot(namespace, key)) ?? null,
      putSchema: async (schema) => {
        staged = { ...schema, deleted: false };
        return { ...schema };
      },
      deleteSchema: async (namespace, key, at, actor) => {
        const current = this.schemas.get(slot(namespace, key));
        if (current) staged = { ...current, updatedAt: at, updatedBy: actor, deleted: true };
      },
      appendAudit: async (record) => {
        audit.push(record);
      },
    };
    const result = await work(tx);
    if (staged) this.schemas.set(slot(staged.namespace, staged.key), staged);
    for (const record of audit) this.audit?.append(record);
    return result;
  }

  private stage(change: ChangeToCommit, revision: number): { entry: StoredEntry; history: StoredHistoryItem } {
    const previous = this.entries.get(slot(change.namespace, change.key));
    const deleted = change.action === 'deleted';
    const entry: StoredEntry = {
      namespace: change.namespace,
      key: change.key,
      // A tombstone keeps its last value and metadata, as the server's row does.
      valueJson: deleted ? (previous?.valueJson ?? null) : change.valueJson,
      metadataJson: deleted ? (previous?.metadataJson ?? null) : change.metadataJson,
      secret: change.secret,
      version: change.version,
      revision,
      deleted,
      // A re-created key starts a new life: its creation time is now.
      createdAt: previous && !(previous.deleted && !deleted) ? previous.createdAt : change.at,
      updatedAt: change.at,
      updatedBy: change.actor,
    };
    const history: StoredHistoryItem = {
      namespace: change.namespace,
      key: change.key,
      version: change.version,
      revision,
      action: change.action,
      valueJson: change.valueJson,
      metadataJson: change.metadataJson,
      secret: change.secret,
      createdAt: change.at,
      createdBy: change.actor,
    };
    return { entry, history };
  }

  private apply(staged: Staged, revision: number): void {
    const { entry, history } = staged;
    const id = slot(entry.namespace, entry.key);
    this.entries.set(id, entry);
    const items = this.histories.get(id) ?? [];
    items.push(history);
    this.histories.set(id, items);
    this.currentRevision = revision;
    for (const record of staged.audit) this.audit?.append(record);
  }
}

function liveSchema({ deleted: _deleted, ...schema }: StoredSchema & { deleted: boolean }): StoredSchema {
  return schema;
}

/** Names never contain NUL, so this joins them without ambiguity. */
function slot(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}

/** Byte order, as the server's databases sort names (names are ASCII). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  canonicalJson,
  decodeCursor,
  encodeCursor,
  parseJsonText,
  type HistoryAction,
} from '@config-service/core';
import type {
  ChangeToCommit,
  ConfigStore,
  NamespaceStats,
  StoredEntry,
  StoredHistoryItem,
  WriteTransaction,
} from '../storage/config-store';
import type { ChangeFeed, CommittedChange } from '../events/change-feed';
import { checkPreconditions, type Preconditions } from './preconditions';
import { encodeMetadata, encodeValue } from './value-rules';

export interface WriteInput {
  value: unknown;
  /** undefined: keep the current metadata (null on create). */
  metadata?: Record<string, unknown> | null;
  /** undefined: keep the current flag (false on create). */
  secret?: boolean;
}

export interface WriteResult {
  entry: StoredEntry;
  /** True when the key was absent (or deleted) before. */
  created: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * The rules of the contract for entries: per-key versions, global revisions, history,
 * conditional writes, no-op detection and rollback. Storage is injected; every committed
 * change is announced on the change feed after its transaction commits.
 */
export class ConfigService {
  constructor(
    private readonly store: ConfigStore,
    private readonly feed: ChangeFeed,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(namespace: string, key: string): Promise<StoredEntry> {
    const entry = await this.store.getEntry(namespace, key);
    if (!entry || entry.deleted) throw notFound(namespace, key);
    return entry;
  }

  async create(actor: string, namespace: string, key: string, input: WriteInput): Promise<StoredEntry> {
    const valueJson = encodeValue(input.value);
    const metadataJson = encodeMetadata(input.metadata ?? null);
    return this.commitWith(async (tx) => {
      const current = await tx.getEntry(namespace, key);
      if (current && !current.deleted) throw new AlreadyExistsError(`${namespace}/${key} already exists`);
      return this.change(actor, namespace, key, current, 'created', valueJson, metadataJson, input.secret ?? false);
    });
  }

  async put(actor: string, namespace: string, key: string, input: WriteInput, preconditions?: Preconditions): Promise<WriteResult> {
    const valueJson = encodeValue(input.value);
    const newMetadata = input.metadata === undefined ? undefined : encodeMetadata(input.metadata);
    let created = false;
    const entry = await this.commitWith(async (tx) => {
      const current = await tx.getEntry(namespace, key);
      const live = current && !current.deleted ? current : null;
      checkPreconditions(live?.version ?? null, preconditions);
      const metadataJson = newMetadata === undefined ? (live?.metadataJson ?? null) : newMetadata;
      const secret = input.secret ?? live?.secret ?? false;
      if (live && isSameState(live, valueJson, metadataJson, secret)) return { unchanged: live };
      created = !live;
      return this.change(actor, namespace, key, current, live ? 'updated' : 'created', valueJson, metadataJson, secret);
    });
    return { entry, created };
  }

  async delete(actor: string, namespace: string, key: string, preconditions?: Preconditions): Promise<void> {
    await this.commitWith(async (tx) => {
      const current = await tx.getEntry(namespace, key);
      if (!current || current.deleted) {
        if (preconditions?.ifMatch !== undefined) checkPreconditions(null, preconditions);
        throw notFound(namespace, key);
      }
      checkPreconditions(current.version, preconditions);
      return this.change(actor, namespace, key, current, 'deleted', null, null, current.secret);
    });
  }

  async rollback(actor: string, namespace: string, key: string, version: number, preconditions?: Preconditions): Promise<StoredEntry> {
    return this.commitWith(async (tx) => {
      const current = await tx.getEntry(namespace, key);
      if (!current) throw notFound(namespace, key);
      checkPreconditions(current.deleted ? null : current.version, preconditions);
      const target = await tx.getHistoryItem(namespace, key, version);
      if (!target) throw new NotFoundError(`${namespace}/${key} has no version ${version}`);
      if (target.action === 'deleted') throw new ConflictError(`version ${version} of ${namespace}/${key} is a deletion and has no value to restore`);
      return this.change(actor, namespace, key, current, 'rolled_back', target.valueJson, target.metadataJson, target.secret);
    });
  }

  async list(namespace: string, options: { prefix?: string; limit: number; cursor?: string }) {
    const afterKey = options.cursor ? String(decodeCursor(options.cursor, { k: 'string' }).k) : undefined;
    const page = await this.store.listEntries(namespace, {
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(afterKey !== undefined ? { afterKey } : {}),
      limit: options.limit + 1,
    });
    const more = page.items.length > options.limit;
    const items = more ? page.items.slice(0, options.limit) : page.items;
    const last = items[items.length - 1];
    return { revision: page.revision, items, nextCursor: more && last ? encodeCursor({ k: last.key }) : null };
  }

  async history(namespace: string, key: string, options: { limit: number; cursor?: string }): Promise<Page<StoredHistoryItem>> {
    const beforeVersion = options.cursor ? Number(decodeCursor(options.cursor, { v: 'number' }).v) : undefined;
    const rows = await this.store.listHistory(namespace, key, {
      ...(beforeVersion !== undefined ? { beforeVersion } : {}),
      limit: options.limit + 1,
    });
    if (rows.length === 0 && !(await this.store.getEntry(namespace, key))) {
      throw new NotFoundError(`${namespace}/${key} has never existed`);
    }
    const more = rows.length > options.limit;
    const items = more ? rows.slice(0, options.limit) : rows;
    const last = items[items.length - 1];
    return { items, nextCursor: more && last ? encodeCursor({ v: last.version }) : null };
  }

  namespaces(): Promise<NamespaceStats[]> {
    return this.store.listNamespaces();
  }

  /**
   * Runs a write transaction: `work` applies the rules and says what to commit, or that the
   * entry stays as it is. The change is announced only after its transaction committed.
   */
  private async commitWith(work: (tx: WriteTransaction) => Promise<ChangeToCommit | { unchanged: StoredEntry }>): Promise<StoredEntry> {
    const outcome = await this.store.write(async (tx) => {
      const decision = await work(tx);
      if ('unchanged' in decision) return { entry: decision.unchanged, action: null };
      return { entry: await tx.commit(decision), action: decision.action };
    });
    if (outcome.action) this.feed.announce(toCommittedChange(outcome.entry, outcome.action));
    return outcome.entry;
  }

  private change(
    actor: string,
    namespace: string,
    key: string,
    current: StoredEntry | null,
    action: HistoryAction,
    valueJson: string | null,
    metadataJson: string | null,
    secret: boolean,
  ): ChangeToCommit {
    return { namespace, key, version: (current?.version ?? 0) + 1, action, valueJson, metadataJson, secret, actor, at: this.now() };
  }
}

function isSameState(entry: StoredEntry, valueJson: string, metadataJson: string | null, secret: boolean): boolean {
  return (
    entry.secret === secret &&
    sameJson(entry.valueJson, valueJson) &&
    sameJson(entry.metadataJson, metadataJson)
  );
}

function sameJson(a: string | null, b: string | null): boolean {
  if (a === null || b === null) return a === b;
  return a === b || canonicalJson(parseJsonText(a)) === canonicalJson(parseJsonText(b));
}

function notFound(namespace: string, key: string): NotFoundError {
  return new NotFoundError(`${namespace}/${key} does not exist`);
}

function toCommittedChange(entry: StoredEntry, action: HistoryAction): CommittedChange {
  return {
    namespace: entry.namespace,
    key: entry.key,
    version: entry.version,
    revision: entry.revision,
    action,
    valueJson: action === 'deleted' ? null : entry.valueJson,
    secret: entry.secret,
    actor: entry.updatedBy,
    at: entry.updatedAt,
  };
}

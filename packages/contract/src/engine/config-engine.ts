import { AlreadyExistsError, ConflictError, NotFoundError, decodeCursor, encodeCursor, type HistoryAction } from '@config-service/core';
import { checkPreconditions, type Preconditions } from '../rules/preconditions';
import { encodeMetadata, encodeValue, sameJson, type WriteInput } from '../rules/value-rules';
import type { Actor } from '../rules/access-policy';
import type { ChangeToCommit, ConfigStore, EntryRef, NamespaceStats, StoredEntry, StoredHistoryItem, WriteTransaction } from './config-store';
import type { ChangeFeed, CommittedChange } from './change-feed';
import { configChangeAudit } from './audit-records';
import { plainValueCodec, type ValueCodec } from './value-codec';
import { SchemaEngine } from './schema-engine';

export interface WriteResult {
  entry: StoredEntry;
  /** True when the key was absent (or deleted) before. */
  created: boolean;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Listing extends Page<StoredEntry> {
  /** The global revision the listing saw, read in the same snapshot as the items. */
  revision: number;
}

export interface ConfigEngineOptions {
  store: ConfigStore;
  /** Where each committed change is announced, after its transaction. */
  feed: ChangeFeed;
  /** How values are kept at rest (the server seals secrets). @default values as they are */
  codec?: ValueCodec;
  /** The clock for `created_at` / `updated_at`. @default () => new Date() */
  now?: () => Date;
}

/** What a write decided: a change to commit (with its value in clear), or nothing to do. */
type Decision = { change: ChangeToCommit; plainValueJson: string | null; fromVersion: number | null } | { unchanged: StoredEntry };

/**
 * The contract engine: the one implementation of the contract's rules for entries (per-key
 * versions, global revisions, history, conditional writes, no-op detection, rollback, paging),
 * over a storage port. The server runs it on MikroORM, the MSW mock on `MemoryConfigStore`.
 * Values of secret entries are sealed by the codec before storage and opened for answers;
 * every change is audited in its own transaction and announced on the change feed after it
 * commits. Entries returned carry values in clear.
 */
export class ConfigEngine {
  private readonly store: ConfigStore;
  private readonly feed: ChangeFeed;
  private readonly codec: ValueCodec;
  private readonly now: () => Date;
  /** The keys' JSON Schemas: their routes, and the check of every value written. */
  readonly schemas: SchemaEngine;

  constructor(options: ConfigEngineOptions) {
    this.store = options.store;
    this.feed = options.feed;
    this.codec = options.codec ?? plainValueCodec;
    this.now = options.now ?? (() => new Date());
    this.schemas = new SchemaEngine(this.store, this.codec, this.now);
  }

  async get(namespace: string, key: string): Promise<StoredEntry> {
    const entry = await this.store.getEntry(namespace, key);
    if (!entry || entry.deleted) throw notFound(namespace, key);
    return this.open(entry);
  }

  async create(actor: Actor, namespace: string, key: string, input: WriteInput): Promise<StoredEntry> {
    const valueJson = encodeValue(input.value);
    const metadataJson = encodeMetadata(input.metadata ?? null);
    return this.commitWith(actor, { namespace, key }, async (tx) => {
      const current = await tx.getEntry(namespace, key);
      if (current && !current.deleted) throw new AlreadyExistsError(`${namespace}/${key} already exists`);
      // The value in clear, before a secret is sealed; a refusal throws and so writes nothing.
      await this.schemas.assertValid(tx, namespace, key, valueJson);
      return this.decide(actor, namespace, key, current, 'created', valueJson, metadataJson, input.secret ?? false);
    });
  }

  async put(actor: Actor, namespace: string, key: string, input: WriteInput, preconditions?: Preconditions): Promise<WriteResult> {
    const valueJson = encodeValue(input.value);
    const newMetadata = input.metadata === undefined ? undefined : encodeMetadata(input.metadata);
    let created = false;
    const entry = await this.commitWith(actor, { namespace, key }, async (tx) => {
      const current = await tx.getEntry(namespace, key);
      const live = current && !current.deleted ? current : null;
      // Set on every run: a unit may run twice (group commit reruns a refused batch's units).
      created = !live;
      checkPreconditions(live?.version ?? null, preconditions);
      const metadataJson = newMetadata === undefined ? (live?.metadataJson ?? null) : newMetadata;
      const secret = input.secret ?? live?.secret ?? false;
      if (live && this.isSameState(live, valueJson, metadataJson, secret)) return { unchanged: live };
      await this.schemas.assertValid(tx, namespace, key, valueJson);
      return this.decide(actor, namespace, key, current, live ? 'updated' : 'created', valueJson, metadataJson, secret);
    });
    return { entry, created };
  }

  async delete(actor: Actor, namespace: string, key: string, preconditions?: Preconditions): Promise<void> {
    await this.commitWith(actor, { namespace, key }, async (tx) => {
      const current = await tx.getEntry(namespace, key);
      if (!current || current.deleted) {
        if (preconditions?.ifMatch !== undefined) checkPreconditions(null, preconditions);
        throw notFound(namespace, key);
      }
      checkPreconditions(current.version, preconditions);
      return this.decide(actor, namespace, key, current, 'deleted', null, null, current.secret);
    });
  }

  async rollback(actor: Actor, namespace: string, key: string, version: number, preconditions?: Preconditions): Promise<StoredEntry> {
    return this.commitWith(actor, { namespace, key }, async (tx) => {
      const current = await tx.getEntry(namespace, key);
      if (!current) throw notFound(namespace, key);
      checkPreconditions(current.deleted ? null : current.version, preconditions);
      const target = await tx.getHistoryItem(namespace, key, version);
      if (!target) throw new NotFoundError(`${namespace}/${key} has no version ${version}`);
      if (target.action === 'deleted' || target.valueJson === null) {
        throw new ConflictError(`version ${version} of ${namespace}/${key} is a deletion and has no value to restore`);
      }
      // Opened and sealed again, so the restored value is under the current encryption key.
      const valueJson = this.codec.open(target.valueJson, target.secret);
      const issues = await this.schemas.issues(tx, namespace, key, valueJson);
      if (issues.length > 0) {
        throw new ConflictError(`version ${version} of ${namespace}/${key} does not satisfy the key's current schema`, { errors: issues });
      }
      return this.decide(actor, namespace, key, current, 'rolled_back', valueJson, target.metadataJson, target.secret);
    });
  }

  async list(namespace: string, options: { prefix?: string; limit: number; cursor?: string }): Promise<Listing> {
    const afterKey = options.cursor ? String(decodeCursor(options.cursor, { k: 'string' }).k) : undefined;
    const page = await this.store.listEntries(namespace, {
      ...(options.prefix ? { prefix: options.prefix } : {}),
      ...(afterKey !== undefined ? { afterKey } : {}),
      limit: options.limit + 1,
    });
    const more = page.items.length > options.limit;
    const items = more ? page.items.slice(0, options.limit) : page.items;
    const last = items[items.length - 1];
    return { revision: page.revision, items: items.map((entry) => this.open(entry)), nextCursor: more && last ? encodeCursor({ k: last.key }) : null };
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
    return {
      items: items.map((item) => this.open(item)),
      nextCursor: more && last ? encodeCursor({ v: last.version }) : null,
    };
  }

  namespaces(): Promise<NamespaceStats[]> {
    return this.store.listNamespaces();
  }

  /**
   * Runs a write transaction: `work` applies the rules and says what to commit, or that the
   * entry stays as it is. The audit row commits with the change; the change is announced only
   * after its transaction committed.
   */
  private async commitWith(actor: Actor, target: EntryRef, work: (tx: WriteTransaction) => Promise<Decision>): Promise<StoredEntry> {
    const outcome = await this.store.write(async (tx) => {
      const decision = await work(tx);
      if ('unchanged' in decision) return { entry: decision.unchanged, action: null };
      const entry = await tx.commit(decision.change);
      await tx.appendAudit(configChangeAudit(actor, decision.change.action, entry, decision.plainValueJson, decision.fromVersion));
      return { entry, action: decision.change.action };
    }, target);
    if (outcome.action) this.feed.announce(toCommittedChange(outcome.entry, outcome.action));
    return this.open(outcome.entry);
  }

  private decide(
    actor: Actor,
    namespace: string,
    key: string,
    current: StoredEntry | null,
    action: HistoryAction,
    valueJson: string | null,
    metadataJson: string | null,
    secret: boolean,
  ): Decision {
    return {
      change: {
        namespace,
        key,
        version: (current?.version ?? 0) + 1,
        action,
        valueJson: valueJson === null ? null : this.codec.seal(valueJson, secret),
        metadataJson,
        secret,
        actor: actor.name,
        at: this.now(),
      },
      plainValueJson: valueJson,
      fromVersion: current && !current.deleted ? current.version : null,
    };
  }

  private isSameState(entry: StoredEntry, valueJson: string, metadataJson: string | null, secret: boolean): boolean {
    return (
      entry.secret === secret &&
      sameJson(entry.valueJson === null ? null : this.codec.open(entry.valueJson, entry.secret), valueJson) &&
      sameJson(entry.metadataJson, metadataJson)
    );
  }

  /** An entry or history item with its value in clear; only a secret's value was sealed. */
  private open<T extends StoredEntry | StoredHistoryItem>(stored: T): T {
    if (!stored.secret || stored.valueJson === null) return stored;
    return { ...stored, valueJson: this.codec.open(stored.valueJson, true) };
  }
}

function notFound(namespace: string, key: string): NotFoundError {
  return new NotFoundError(`${namespace}/${key} does not exist`);
}

/** The change as stored (a secret's value still sealed): what the feed, cache and bus carry. */
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

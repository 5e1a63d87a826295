import {
  AlreadyExistsError,
  ConflictError,
  NotFoundError,
  SYSTEM_ACTOR,
  auditChangesJson,
  decodeCursor,
  encodeCursor,
  type Actor,
  type HistoryAction,
  checkPreconditions,
  encodeMetadata,
  encodeValue,
  sameJson,
  type Preconditions,
} from '@config-service/core';
import type { AuditLog } from '../audit/audit-log';
import type {
  CommittedChange,
  Listing,
  NamespaceStats,
  Page,
  StoredEntry,
  StoredHistoryItem,
  WriteInput,
  WriteResult,
} from './stored-types';

export type ChangeListener = (change: CommittedChange) => void;

export interface InMemoryConfigStoreOptions {
  /** The clock for `created_at` / `updated_at`. @default () => new Date() */
  now?: () => Date;
  /** Where every change also writes its audit row. @default none */
  audit?: AuditLog;
  /** The revision before the first change (the first change takes the next one). @default 0 */
  startRevision?: number;
}

/** Who makes a change: a key's name (as tests write it), or a full Actor (as the API passes it). */
export type ActorLike = string | Actor;

interface ChangeToCommit {
  namespace: string;
  key: string;
  action: HistoryAction;
  valueJson: string | null;
  metadataJson: string | null;
  secret: boolean;
  actor: ActorLike;
}

/**
 * The contract's rules for entries, in memory and with no HTTP: per-key versions that never
 * repeat, one global revision per change, history that survives a delete, conditional writes,
 * no-op detection, rollback, and a change log for the watch. Synchronous on purpose: a change
 * and its announcement happen in one turn of the event loop, so a listener that subscribes
 * right after reading the change log misses nothing and sees nothing twice.
 */
export class InMemoryConfigStore {
  private readonly entries = new Map<string, StoredEntry>();
  /** Per key, ascending by version. */
  private readonly histories = new Map<string, StoredHistoryItem[]>();
  /** Every change, ascending by revision, from `firstRetainedRevision` on. */
  private changes: CommittedChange[] = [];
  private currentRevision = 0;
  private firstRetainedRevision = 1;
  private readonly listeners = new Set<ChangeListener>();
  private readonly now: () => Date;
  private readonly audit: AuditLog | undefined;

  constructor(options: InMemoryConfigStoreOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.audit = options.audit;
    this.currentRevision = options.startRevision ?? 0;
    this.firstRetainedRevision = this.currentRevision + 1;
  }

  /** The latest global revision (0 before the first change). */
  get revision(): number {
    return this.currentRevision;
  }

  /** The lowest `since` the change log can still answer: changes after it are all kept. */
  get oldestReplayableRevision(): number {
    return this.firstRetainedRevision - 1;
  }

  /** The live entry; 404 if absent or deleted. */
  get(namespace: string, key: string): StoredEntry {
    const entry = this.entries.get(slot(namespace, key));
    if (!entry || entry.deleted) throw notFound(namespace, key);
    return entry;
  }

  /** POST semantics: 409 if the key is live; a deleted key is created again, its versions continuing. */
  create(actor: ActorLike, namespace: string, key: string, input: WriteInput): StoredEntry {
    const valueJson = encodeValue(input.value);
    const metadataJson = encodeMetadata(input.metadata ?? null);
    const current = this.entries.get(slot(namespace, key));
    if (current && !current.deleted) throw new AlreadyExistsError(`${namespace}/${key} already exists`);
    return this.commit({ namespace, key, action: 'created', valueJson, metadataJson, secret: input.secret ?? false, actor });
  }

  /** PUT semantics: upsert, conditional on `preconditions`; a write that changes nothing makes nothing. */
  put(actor: ActorLike, namespace: string, key: string, input: WriteInput, preconditions?: Preconditions): WriteResult {
    const valueJson = encodeValue(input.value);
    const newMetadata = input.metadata === undefined ? undefined : encodeMetadata(input.metadata);
    const live = this.live(namespace, key);
    checkPreconditions(live?.version ?? null, preconditions);
    const metadataJson = newMetadata === undefined ? (live?.metadataJson ?? null) : newMetadata;
    const secret = input.secret ?? live?.secret ?? false;
    if (live && live.secret === secret && sameJson(live.valueJson, valueJson) && sameJson(live.metadataJson, metadataJson)) {
      return { entry: live, created: false };
    }
    const action = live ? 'updated' : 'created';
    return { entry: this.commit({ namespace, key, action, valueJson, metadataJson, secret, actor }), created: !live };
  }

  /** 404 if absent or already deleted (412 first when If-Match was given); history keeps a `deleted` item. */
  delete(actor: ActorLike, namespace: string, key: string, preconditions?: Preconditions): void {
    const live = this.live(namespace, key);
    if (!live) {
      if (preconditions?.ifMatch !== undefined) checkPreconditions(null, preconditions);
      throw notFound(namespace, key);
    }
    checkPreconditions(live.version, preconditions);
    this.commit({ namespace, key, action: 'deleted', valueJson: null, metadataJson: null, secret: live.secret, actor });
  }

  /** A new version with the value, metadata and secret flag of `version`; restores a deleted key. */
  rollback(actor: ActorLike, namespace: string, key: string, version: number, preconditions?: Preconditions): StoredEntry {
    const current = this.entries.get(slot(namespace, key));
    if (!current) throw notFound(namespace, key);
    checkPreconditions(current.deleted ? null : current.version, preconditions);
    const target = this.histories.get(slot(namespace, key))?.find((item) => item.version === version);
    if (!target) throw new NotFoundError(`${namespace}/${key} has no version ${version}`);
    if (target.action === 'deleted') {
      throw new ConflictError(`version ${version} of ${namespace}/${key} is a deletion and has no value to restore`);
    }
    return this.commit({
      namespace,
      key,
      action: 'rolled_back',
      valueJson: target.valueJson,
      metadataJson: target.metadataJson,
      secret: target.secret,
      actor,
    });
  }

  /** Live entries of a namespace sorted by key, one page at a time, with the revision they were read at. */
  list(namespace: string, options: { prefix?: string; limit: number; cursor?: string }): Listing {
    const afterKey = options.cursor ? String(decodeCursor(options.cursor, { k: 'string' }).k) : undefined;
    const matching = [...this.entries.values()]
      .filter((entry) => entry.namespace === namespace && !entry.deleted)
      .filter((entry) => (options.prefix ? entry.key.startsWith(options.prefix) : true))
      .filter((entry) => (afterKey === undefined ? true : entry.key > afterKey))
      .sort((a, b) => compareKeys(a.key, b.key));
    const items = matching.slice(0, options.limit);
    const last = items[items.length - 1];
    const more = matching.length > options.limit;
    return { revision: this.currentRevision, items, nextCursor: more && last ? encodeCursor({ k: last.key }) : null };
  }

  /** History newest first; 404 only if the key never existed. */
  history(namespace: string, key: string, options: { limit: number; cursor?: string }): Page<StoredHistoryItem> {
    const beforeVersion = options.cursor ? Number(decodeCursor(options.cursor, { v: 'number' }).v) : undefined;
    const all = this.histories.get(slot(namespace, key));
    if (!all) throw new NotFoundError(`${namespace}/${key} has never existed`);
    const newestFirst = all.filter((item) => beforeVersion === undefined || item.version < beforeVersion).reverse();
    const items = newestFirst.slice(0, options.limit);
    const last = items[items.length - 1];
    const more = newestFirst.length > options.limit;
    return { items, nextCursor: more && last ? encodeCursor({ v: last.version }) : null };
  }

  /** Namespaces with at least one live entry, sorted by name. */
  namespaces(): NamespaceStats[] {
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
    return [...stats.values()].sort((a, b) => compareKeys(a.name, b.name));
  }

  /** Every kept change with a revision above `revision`, oldest first. */
  changesAfter(revision: number): CommittedChange[] {
    const start = this.changes.findIndex((change) => change.revision > revision);
    return start < 0 ? [] : this.changes.slice(start);
  }

  /**
   * Drops the change log up to and including `revision`, as a server's bounded log would: a
   * watch asking for `since` below it is then closed with 4010. History stays readable.
   */
  forgetChangesThrough(revision: number): void {
    this.changes = this.changes.filter((change) => change.revision > revision);
    this.firstRetainedRevision = Math.max(this.firstRetainedRevision, Math.min(revision, this.currentRevision) + 1);
  }

  /** Calls `listener` after every committed change, in revision order. Returns the unsubscribe. */
  subscribe(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Forgets every entry, history item and change. The clearing takes a revision of its own and
   * revisions go on from there, never back: a client that lists again sees a newer state and
   * takes it, and a watch resuming from before the clearing gets 4010 (the log cannot tell it
   * which keys went away).
   */
  clear(): void {
    this.entries.clear();
    this.histories.clear();
    this.changes = [];
    this.currentRevision += 1;
    this.firstRetainedRevision = this.currentRevision + 1;
  }

  private live(namespace: string, key: string): StoredEntry | null {
    const entry = this.entries.get(slot(namespace, key));
    return entry && !entry.deleted ? entry : null;
  }

  private commit(change: ChangeToCommit): StoredEntry {
    const actor = toActor(change.actor);
    const id = slot(change.namespace, change.key);
    const previous = this.entries.get(id);
    const at = this.now().toISOString();
    const revision = ++this.currentRevision;
    const version = (previous?.version ?? 0) + 1;
    const deleted = change.action === 'deleted';
    const entry: StoredEntry = {
      namespace: change.namespace,
      key: change.key,
      // A tombstone keeps its last value: nothing reads it, and it keeps the shape simple.
      valueJson: deleted ? (previous?.valueJson ?? 'null') : (change.valueJson ?? 'null'),
      metadataJson: deleted ? (previous?.metadataJson ?? null) : change.metadataJson,
      secret: change.secret,
      version,
      revision,
      deleted,
      // A re-created key starts a new life: its creation time is now.
      createdAt: previous && !previous.deleted ? previous.createdAt : deleted ? (previous?.createdAt ?? at) : at,
      updatedAt: at,
      updatedBy: actor.name,
    };
    this.entries.set(id, entry);
    const item: StoredHistoryItem = {
      namespace: change.namespace,
      key: change.key,
      version,
      revision,
      action: change.action,
      valueJson: deleted ? null : change.valueJson,
      metadataJson: deleted ? null : change.metadataJson,
      secret: change.secret,
      createdAt: at,
      createdBy: actor.name,
    };
    const history = this.histories.get(id) ?? [];
    history.push(item);
    this.histories.set(id, history);
    const committed: CommittedChange = {
      namespace: change.namespace,
      key: change.key,
      version,
      revision,
      action: change.action,
      valueJson: item.valueJson,
      secret: change.secret,
      actor: actor.name,
      at,
    };
    this.changes.push(committed);
    if (this.audit) {
      const changes = auditChangesJson({
        version,
        previousVersion: previous && !previous.deleted ? previous.version : null,
        revision,
        secret: entry.secret,
        deleted,
        valueJson: entry.valueJson,
        metadataJson: entry.metadataJson,
        keyId: actor.keyId,
      });
      this.audit.append(actor, change.action, 'config', `${change.namespace}/${change.key}`, changes, at);
    }
    this.announce(committed);
    return entry;
  }

  private announce(change: CommittedChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // One faulty listener must not keep the change from the others, nor fail the write.
      }
    }
  }
}

/** Names never contain NUL, so this joins them without ambiguity. */
function slot(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}

/** Byte order, as the server's databases sort keys (names are ASCII). */
function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A bare name (as tests pass it to the store) is an actor without a key or a request. */
function toActor(actor: ActorLike): Actor {
  return typeof actor === 'string' ? { name: actor, keyId: SYSTEM_ACTOR.keyId, requestId: null } : actor;
}

function notFound(namespace: string, key: string): NotFoundError {
  return new NotFoundError(`${namespace}/${key} does not exist`);
}

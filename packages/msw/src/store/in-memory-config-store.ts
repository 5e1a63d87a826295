import {
  ChangeFeed,
  ConfigEngine,
  MemoryConfigStore,
  SYSTEM_ACTOR,
  type Actor,
  type AuditSink,
  type ChangeListener,
  type CommittedChange,
  type Listing,
  type NamespaceStats,
  type Page,
  type Preconditions,
  type StoredEntry,
  type StoredHistoryItem,
  type WriteInput,
  type WriteResult,
} from '@config-service/contract';

export interface InMemoryConfigStoreOptions {
  /** The clock for `created_at` / `updated_at`. @default () => new Date() */
  now?: () => Date;
  /** Where every change also writes its audit row. @default none */
  audit?: AuditSink;
  /** The revision before the first change (the first change takes the next one). @default 0 */
  startRevision?: number;
}

/** Who makes a change: a key's name (as tests write it), or a full Actor (as the API passes it). */
export type ActorLike = string | Actor;

/**
 * The mock's configuration state: the contract engine (the same one the server runs) over
 * the in-memory adapter of its storage port, plus the change log a watch replays. Methods are
 * asynchronous, as the engine's are; writes run one at a time, in the order they were called.
 * The change log is the feed's first listener, so a change enters the log and reaches the
 * watches in one synchronous step: a watch that replays the log and then subscribes, in one
 * step too, misses nothing and sees nothing twice.
 */
export class InMemoryConfigStore {
  /** The engine, for hosts that pass full actors (the mock's HTTP API). */
  readonly engine: ConfigEngine;
  private readonly memory: MemoryConfigStore;
  private readonly feed = new ChangeFeed();
  /** Every announced change, ascending by revision, from `firstRetainedRevision` on. */
  private changes: CommittedChange[] = [];
  private announcedRevision: number;
  private firstRetainedRevision: number;

  constructor(options: InMemoryConfigStoreOptions = {}) {
    this.memory = new MemoryConfigStore({
      ...(options.audit ? { audit: options.audit } : {}),
      ...(options.startRevision !== undefined ? { startRevision: options.startRevision } : {}),
    });
    this.engine = new ConfigEngine({ store: this.memory, feed: this.feed, ...(options.now ? { now: options.now } : {}) });
    this.announcedRevision = this.memory.revision;
    this.firstRetainedRevision = this.announcedRevision + 1;
    this.feed.subscribe((change) => {
      this.changes.push(change);
      this.announcedRevision = change.revision;
    });
  }

  /** The revision of the latest announced change (0 before the first). */
  get revision(): number {
    return this.announcedRevision;
  }

  /** The lowest `since` the change log can still answer: changes after it are all kept. */
  get oldestReplayableRevision(): number {
    return this.firstRetainedRevision - 1;
  }

  /** The live entry; 404 if absent or deleted. */
  async get(namespace: string, key: string): Promise<StoredEntry> {
    await this.memory.idle();
    return this.engine.get(namespace, key);
  }

  /** POST semantics: 409 if the key is live; a deleted key is created again, its versions continuing. */
  create(actor: ActorLike, namespace: string, key: string, input: WriteInput): Promise<StoredEntry> {
    return this.engine.create(toActor(actor), namespace, key, input);
  }

  /** PUT semantics: upsert, conditional on `preconditions`; a write that changes nothing makes nothing. */
  put(actor: ActorLike, namespace: string, key: string, input: WriteInput, preconditions?: Preconditions): Promise<WriteResult> {
    return this.engine.put(toActor(actor), namespace, key, input, preconditions);
  }

  /** 404 if absent or already deleted (412 first when If-Match was given); history keeps a `deleted` item. */
  delete(actor: ActorLike, namespace: string, key: string, preconditions?: Preconditions): Promise<void> {
    return this.engine.delete(toActor(actor), namespace, key, preconditions);
  }

  /** A new version with the value, metadata and secret flag of `version`; restores a deleted key. */
  rollback(actor: ActorLike, namespace: string, key: string, version: number, preconditions?: Preconditions): Promise<StoredEntry> {
    return this.engine.rollback(toActor(actor), namespace, key, version, preconditions);
  }

  /** Live entries of a namespace sorted by key, one page at a time, with the revision they were read at. */
  async list(namespace: string, options: { prefix?: string; limit: number; cursor?: string }): Promise<Listing> {
    await this.memory.idle();
    return this.engine.list(namespace, options);
  }

  /** History newest first; 404 only if the key never existed. */
  async history(namespace: string, key: string, options: { limit: number; cursor?: string }): Promise<Page<StoredHistoryItem>> {
    await this.memory.idle();
    return this.engine.history(namespace, key, options);
  }

  /** Namespaces with at least one live entry, sorted by name. */
  async namespaces(): Promise<NamespaceStats[]> {
    await this.memory.idle();
    return this.engine.namespaces();
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
    this.firstRetainedRevision = Math.max(this.firstRetainedRevision, Math.min(revision, this.announcedRevision) + 1);
  }

  /** Calls `listener` after every committed change, in revision order. Returns the unsubscribe. */
  subscribe(listener: ChangeListener): () => void {
    return this.feed.subscribe(listener);
  }

  /**
   * Forgets every entry, history item and change, once the writes under way have finished.
   * The clearing takes a revision of its own and revisions go on from there, never back: a
   * client that lists again sees a newer state and takes it, and a watch resuming from before
   * the clearing gets 4010 (the log cannot tell it which keys went away).
   */
  async clear(): Promise<void> {
    await this.memory.idle();
    this.memory.clear();
    this.changes = [];
    this.announcedRevision = this.memory.revision;
    this.firstRetainedRevision = this.announcedRevision + 1;
  }
}

/** A bare name (as tests pass it to the store) is an actor without a key or a request. */
function toActor(actor: ActorLike): Actor {
  return typeof actor === 'string' ? { name: actor, keyId: SYSTEM_ACTOR.keyId, requestId: null } : actor;
}

import type { StandardSchemaV1 } from '@standard-schema/spec';
import { UnavailableError, ValidationError } from '../errors/errors';
import { describeCause } from './config-http-api';
import { DEFAULT_NAMESPACE, describeInvalidNamespace } from '../names';
import type { ConfigEntry, JsonValue } from '../wire/config-entry';
import { ChangeQueue } from './change-queue';
import type { LiveClientOptions } from './client-options';
import type { ChangeListener, ClientStatus, ConfigChange, ReadOptions, StatusListener, SubscriptionTarget, ValueSchema } from './client-types';
import type { ConfigValueOf, TypedNamespace } from '../wire/config-types';
import type { TypedReadOptions, UntypedReadOptions } from './typed-read-options';
import { ConfigHttpApi } from './config-http-api';
import { ConfigRemote } from './config-remote';
import { EntryStore } from './entry-store';
import type { ClientPlatform } from './platform';
import { PollSync } from './poll-sync';
import { SnapshotError, decodeSnapshot, encodeSnapshot, SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION } from './snapshot-codec';
import { SnapshotWriter } from './snapshot-writer';
import { StreamSync } from './stream-sync';
import { SubscriptionRegistry, resolveTarget } from './subscription-registry';
import type { SyncHost, Synchronizer } from './sync-host';
import { validateValue } from './validate-value';

type Output<S extends ValueSchema> = StandardSchemaV1.InferOutput<S>;

/** `get` options, with the fallback for an absent key and an optional validator. */
export interface GetOptions<T = JsonValue> extends ReadOptions {
  default?: T;
  schema?: ValueSchema<T>;
}

/**
 * A client that keeps its namespaces in memory, current through a watch (or polling):
 * `get` is a map lookup, never a request. Made by `createClient` in `@config-service/node`
 * and `@config-service/browser`.
 */
export class ConfigClient extends ConfigRemote {
  readonly mode: 'stream' | 'poll';
  readonly namespaces: readonly string[];
  readonly #store: EntryStore;
  readonly #subscriptions: SubscriptionRegistry;
  readonly #statusListeners = new Set<StatusListener>();
  readonly #errorListeners = new Set<(error: unknown) => void>();
  readonly #queues = new Set<ChangeQueue>();
  readonly #loaded = new Set<string>();
  readonly #validated = new WeakMap<ConfigEntry, WeakMap<object, unknown>>();
  readonly #sync: Synchronizer;
  readonly #snapshot: SnapshotWriter | undefined;
  #status: ClientStatus = 'initializing';
  #lastError: unknown;
  #fatalError: unknown;
  #snapshotError: SnapshotError | undefined;
  #started = false;

  constructor(options: LiveClientOptions, platform: ClientPlatform) {
    const namespaces = [...new Set(options.namespaces ?? [DEFAULT_NAMESPACE])];
    if (namespaces.length === 0) throw new ValidationError('`namespaces` must name at least one namespace');
    for (const namespace of namespaces) {
      const problem = describeInvalidNamespace(namespace);
      if (problem) throw new ValidationError(`namespaces: ${problem}`);
    }
    super(new ConfigHttpApi(options, platform), options.defaultNamespace ?? namespaces[0]);
    this.mode = options.mode ?? 'stream';
    this.namespaces = namespaces;
    if (options.onError) this.#errorListeners.add(options.onError);
    this.#store = new EntryStore(namespaces, options.checkValue, (error) => {
      this.#lastError = error;
      this.#report(error);
    });
    this.#subscriptions = new SubscriptionRegistry((error) => this.#report(error));
    this.hydrate(options.initialValues ?? {});
    const host: SyncHost = {
      store: this.#store,
      api: this.api,
      loaded: this.#loaded,
      apply: (changes) => this.#apply(changes),
      synced: () => this.#synced(),
      failed: (error) => this.#failed(error),
      gaveUp: (error) => this.#gaveUp(error),
    };
    const backoff = options.backoff ?? {};
    this.#sync = this.mode === 'poll' ? new PollSync(host, options.pollIntervalMs ?? 30_000, backoff) : new StreamSync(host, platform, backoff);
    if (options.snapshotStore) {
      this.#snapshot = new SnapshotWriter(options.snapshotStore, () => this.#renderSnapshot(), (error) => this.#report(error));
    }
  }

  /** Loads the snapshot (if any), then starts syncing. Called by `createClient`; idempotent. */
  start(): this {
    if (this.#started || this.#status === 'closed') return this;
    this.#started = true;
    void this.#loadSnapshot().then(() => {
      if (this.#status !== 'closed') this.#sync.start();
    });
    return this;
  }

  get status(): ClientStatus {
    return this.#status;
  }

  /** The last background failure, cleared by the next successful sync. */
  get lastError(): unknown {
    return this.#lastError;
  }

  /**
   * The permanent failure that stopped syncing, if one did: an `UnauthorizedError` (the
   * credential was refused), a `ForbiddenError` (a namespace it may not read), a
   * `ValidationError` (no WebSocket implementation, ...). The client then serves what it has
   * and tries no more; fix the cause and make a new client.
   */
  get fatalError(): unknown {
    return this.#fatalError;
  }

  /** Why the snapshot could not be used at start-up, if it could not. */
  get snapshotError(): SnapshotError | undefined {
    return this.#snapshotError;
  }

  /** The revision up to which every change is reflected in memory. */
  get revision(): number | undefined {
    return this.#store.cursor;
  }

  /**
   * A value from memory; `default` when the key is absent. With `schema` (any Standard Schema
   * validator, e.g. zod) the value is checked and a bad one throws a `ValidationError`.
   * @example
   * const timeout = client.get('stripe.timeout_ms', { namespace: 'payments', default: 3000 });
   * const limits = client.get('limits', { schema: z.object({ rps: z.number() }) });
   * // With types from `config-service codegen`, no generic and no cast:
   * const timeoutMs = client.get('stripe.timeout_ms', { namespace: 'payments' }); // number | undefined
   */
  get<N extends TypedNamespace, K extends string>(key: K, options: TypedReadOptions<N, K>): ConfigValueOf<N, K>;
  get<N extends TypedNamespace, K extends string>(key: K, options: TypedReadOptions<N>): ConfigValueOf<N, K> | undefined;
  get<S extends ValueSchema>(key: string, options: ReadOptions & { schema: S; default: Output<S> }): Output<S>;
  get<S extends ValueSchema>(key: string, options: ReadOptions & { schema: S; default?: undefined }): Output<S> | undefined;
  get<T = JsonValue, N extends string = string>(key: string, options: UntypedReadOptions<N> & { default: T; schema?: undefined }): T;
  get<T = JsonValue, N extends string = string>(key: string, options?: UntypedReadOptions<N> & { default?: undefined; schema?: undefined }): T | undefined;
  get(key: string, options?: GetOptions<unknown>): unknown {
    const namespace = options?.namespace ?? this.defaultNamespace;
    const entry = this.#store.entry(namespace, key);
    if (entry === undefined) {
      if (!this.#store.has(namespace)) throw notSynced(namespace, this.namespaces);
      return options?.default;
    }
    if (options?.schema !== undefined) return this.#validate(entry, options.schema);
    return entry.value;
  }

  /** The whole entry (version, revision, metadata, ...) from memory. */
  getEntry(key: string, options?: ReadOptions): ConfigEntry | undefined {
    const namespace = options?.namespace ?? this.defaultNamespace;
    if (!this.#store.has(namespace)) throw notSynced(namespace, this.namespaces);
    return this.#store.entry(namespace, key);
  }

  /** Every value of a namespace, keys sorted; the same object until the namespace changes. */
  getAll(namespace: string = this.defaultNamespace): Readonly<Record<string, JsonValue>> {
    if (!this.#store.has(namespace)) throw notSynced(namespace, this.namespaces);
    return this.#store.values(namespace);
  }

  /**
   * Calls `listener` for each change to a key, a prefix or a namespace, in revision order.
   * Returns the function that unsubscribes.
   * @example
   * const stop = client.subscribe({ prefix: 'stripe.', namespace: 'payments' }, (change) => log(change));
   */
  subscribe(target: SubscriptionTarget, listener: ChangeListener): () => void {
    const resolved = resolveTarget(target, this.defaultNamespace);
    if (!this.#store.has(resolved.namespace)) throw notSynced(resolved.namespace, this.namespaces);
    return this.#subscriptions.add(resolved, listener);
  }

  /**
   * The same changes as `subscribe`, as an async iterator; `break` unsubscribes.
   * @example
   * for await (const change of client.watch({ namespace: 'payments' })) console.log(change.key, change.value);
   */
  watch(target: SubscriptionTarget): AsyncIterableIterator<ConfigChange> {
    const queue = new ChangeQueue();
    if (this.#status === 'closed') {
      queue.end();
      return queue;
    }
    const unsubscribe = this.subscribe(target, (change) => queue.push(change));
    this.#queues.add(queue);
    return queue.attach(() => {
      unsubscribe();
      this.#queues.delete(queue);
    });
  }

  onStatusChange(listener: StatusListener): () => void {
    this.#statusListeners.add(listener);
    return () => void this.#statusListeners.delete(listener);
  }

  /** Background failures as they happen (also given to the `onError` option). */
  onError(listener: (error: unknown) => void): () => void {
    this.#errorListeners.add(listener);
    return () => void this.#errorListeners.delete(listener);
  }

  /**
   * Resolves once the client is in sync with the server (status `ready`). Rejects at once on a
   * permanent failure with its typed error (`UnauthorizedError`, `ForbiddenError`,
   * `ValidationError`), with an `UnavailableError` after `timeoutMs` while the server cannot be
   * reached, with `signal.reason` when `signal` aborts, and when the client is closed first.
   * @example
   * await client.ready({ timeoutMs: 5000 });
   * await client.ready({ signal: AbortSignal.timeout(5000) });
   */
  ready(options: ReadyOptions = {}): Promise<void> {
    const { signal, timeoutMs } = options;
    if (this.#status === 'ready') return Promise.resolve();
    if (this.#fatalError !== undefined) return Promise.reject(this.#fatalError);
    if (this.#status === 'closed') return Promise.reject(closedBeforeReady());
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const settle = (error?: unknown) => {
        stopStatus();
        stopErrors();
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (error === undefined) resolve();
        else reject(error);
      };
      const onAbort = () => settle(signal?.reason);
      const stopStatus = this.onStatusChange((status) => {
        if (status === 'ready') settle();
        else if (status === 'closed') settle(closedBeforeReady());
      });
      const stopErrors = this.onError(() => {
        if (this.#fatalError !== undefined) settle(this.#fatalError);
      });
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              const last = this.#lastError === undefined ? '' : ` (last error: ${describeCause(this.#lastError)})`;
              settle(new UnavailableError(`not in sync with ${this.baseUrl} within ${timeoutMs} ms${last}`, { cause: this.#lastError }));
            }, timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Serves these values until the first sync; keys the client already knows are left as they
   * are. For hydrating a page rendered on the server: `{ [namespace]: { [key]: value } }`.
   */
  hydrate(values: Readonly<Record<string, Readonly<Record<string, unknown>>>>): void {
    for (const [namespace, namespaceValues] of Object.entries(values)) this.#store.seed(namespace, namespaceValues);
  }

  /** Stops syncing, writes a last snapshot, ends every `watch` iterator. */
  async close(): Promise<void> {
    if (this.#status === 'closed') return;
    this.#sync.stop();
    this.#setStatus('closed');
    for (const queue of [...this.#queues]) queue.end();
    await this.#snapshot?.flush();
  }

  protected override written(entry: ConfigEntry): void {
    const change = this.#store.applyEntry(entry, 'write');
    if (change) this.#apply([change]);
  }

  protected override async deleted(namespace: string, key: string): Promise<void> {
    if (!this.#store.entry(namespace, key)) return;
    // DELETE answers 204 without a body: the history tells the deletion's version and revision.
    try {
      const newest = (await this.api.history(namespace, key, 1)).items[0];
      if (newest?.action !== 'deleted') return;
      const change = this.#store.applyDeletion(namespace, key, newest.version, newest.revision);
      if (change) this.#apply([change]);
    } catch {
      // The watch delivers the deletion anyway.
    }
  }

  #apply(changes: readonly ConfigChange[]): void {
    if (this.#status === 'closed') return;
    for (const change of changes) this.#subscriptions.notify(change);
    this.#snapshot?.schedule();
  }

  #synced(): void {
    this.#lastError = undefined;
    this.#setStatus('ready');
    this.#snapshot?.schedule();
  }

  #failed(error: unknown): void {
    this.#lastError = error;
    if (this.#status === 'ready') this.#setStatus('stale');
    this.#report(error);
  }

  #gaveUp(error: unknown): void {
    this.#fatalError = error;
    this.#failed(error);
  }

  #report(error: unknown): void {
    for (const listener of [...this.#errorListeners]) {
      try {
        listener(error);
      } catch {
        // An error handler that throws has nowhere further to report to.
      }
    }
  }

  #setStatus(status: ClientStatus): void {
    if (this.#status === status || this.#status === 'closed') return;
    this.#status = status;
    for (const listener of [...this.#statusListeners]) {
      try {
        listener(status);
      } catch (error) {
        this.#report(error);
      }
    }
  }

  #validate(entry: ConfigEntry, schema: ValueSchema): unknown {
    let bySchema = this.#validated.get(entry);
    if (bySchema?.has(schema)) return bySchema.get(schema);
    const output = validateValue(schema, entry.value, `${entry.namespace}/${entry.key}`);
    if (!bySchema) this.#validated.set(entry, (bySchema = new WeakMap()));
    bySchema.set(schema, output);
    return output;
  }

  async #loadSnapshot(): Promise<void> {
    const store = this.#snapshot?.store;
    if (!store) return;
    let text: string | null;
    try {
      text = await store.load();
    } catch (error) {
      this.#snapshotError = new SnapshotError(`the snapshot at ${store.location} cannot be read: ${(error as Error).message}`, store.location, { cause: error });
      this.#report(this.#snapshotError);
      return;
    }
    if (text === null || this.#status === 'closed') return;
    try {
      const snapshot = decodeSnapshot(text, store.location, this.baseUrl, this.api.json);
      for (const namespace of this.#store.import(snapshot.namespaces)) this.#loaded.add(namespace);
      this.#store.cursor = snapshot.revision;
      this.#setStatus('stale');
    } catch (error) {
      this.#snapshotError = error as SnapshotError;
      this.#report(error);
    }
  }

  #renderSnapshot(): string | undefined {
    // Only a state that came from the server (or a snapshot of it) is worth keeping.
    if (this.#store.cursor === undefined || this.#loaded.size < this.namespaces.length) return undefined;
    return encodeSnapshot({
      format: SNAPSHOT_FORMAT,
      format_version: SNAPSHOT_FORMAT_VERSION,
      saved_at: new Date().toISOString(),
      base_url: this.baseUrl,
      revision: this.#store.cursor,
      namespaces: this.#store.export(),
    }, this.api.json);
  }
}

/** `ready` options. */
export interface ReadyOptions {
  /** Rejects with `signal.reason` when it aborts (e.g. `AbortSignal.timeout(5000)`). */
  signal?: AbortSignal;
  /** Rejects with an `UnavailableError` (last error as `cause`) when not ready by then. @default no limit */
  timeoutMs?: number;
}

function closedBeforeReady(): ValidationError {
  return new ValidationError('the client was closed before it was ready');
}

function notSynced(namespace: string, namespaces: readonly string[]): ValidationError {
  return new ValidationError(`the namespace "${namespace}" is not kept by this client (it keeps ${namespaces.map((n) => `"${n}"`).join(', ')}): add it to \`namespaces\``);
}

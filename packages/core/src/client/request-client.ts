import type { StandardSchemaV1 } from '@standard-schema/spec';
import type { ConfigValueOf, TypedNamespace } from '../wire/config-types';
import type { TypedReadOptions, UntypedReadOptions } from './typed-read-options';
import { LRUCache } from 'lru-cache';
import { ValidationError } from '../errors/errors';
import type { ConfigEntry, JsonValue } from '../wire/config-entry';
import type { RequestClientOptions } from './client-options';
import type { ReadOptions, ValueSchema } from './client-types';
import { ConfigHttpApi } from './config-http-api';
import { ConfigRemote } from './config-remote';
import type { ClientPlatform } from './platform';
import { validateValue } from './validate-value';
import type { GetOptions } from './config-client';

type Output<S extends ValueSchema> = StandardSchemaV1.InferOutput<S>;

/** A cached answer; `entry` undefined records that the key is absent (404). */
interface Slot {
  entry: ConfigEntry | undefined;
}

/**
 * For places without WebSockets or long-lived processes (serverless functions): every read is
 * a GET, answered from an LRU cache while its TTL lasts. An expired answer is revalidated with
 * `If-None-Match` (a 304 costs no body), and served stale if the server cannot be reached.
 */
export class RequestConfigClient extends ConfigRemote {
  readonly mode = 'request' as const;
  readonly #cache: LRUCache<string, Slot>;

  constructor(options: RequestClientOptions, platform: ClientPlatform) {
    refuseLiveOptions(options);
    super(new ConfigHttpApi(options, platform), options.defaultNamespace);
    this.#cache = new LRUCache<string, Slot>({
      max: options.cache?.max ?? 1000,
      ttl: options.cache?.ttlMs ?? 5_000,
      // A failed revalidation keeps the expired answer, to be served while the server is away.
      noDeleteOnFetchRejection: true,
      fetchMethod: async (id, stale) => {
        const [namespace, key] = splitId(id);
        const answer = await this.api.getEntry(namespace, key, stale?.entry?.version);
        if (answer.status === 304 && stale) return stale;
        return { entry: answer.status === 200 ? answer.body : undefined };
      },
    });
  }

  /**
   * A value through the cache; `default` when the key is absent. With `schema` it is checked.
   * @example
   * const timeout = await client.get('stripe.timeout_ms', { namespace: 'payments', default: 3000 });
   */
  get<N extends TypedNamespace, K extends string>(key: K, options: TypedReadOptions<N, K>): Promise<ConfigValueOf<N, K>>;
  get<N extends TypedNamespace, K extends string>(key: K, options: TypedReadOptions<N>): Promise<ConfigValueOf<N, K> | undefined>;
  get<S extends ValueSchema>(key: string, options: ReadOptions & { schema: S; default: Output<S> }): Promise<Output<S>>;
  get<S extends ValueSchema>(key: string, options: ReadOptions & { schema: S; default?: undefined }): Promise<Output<S> | undefined>;
  get<T = JsonValue, N extends string = string>(key: string, options: UntypedReadOptions<N> & { default: T; schema?: undefined }): Promise<T>;
  get<T = JsonValue, N extends string = string>(key: string, options?: UntypedReadOptions<N> & { default?: undefined; schema?: undefined }): Promise<T | undefined>;
  async get(key: string, options?: GetOptions<unknown>): Promise<unknown> {
    const entry = await this.getEntry(key, options);
    if (entry === undefined) return options?.default;
    return options?.schema ? validateValue(options.schema, entry.value, `${entry.namespace}/${key}`) : entry.value;
  }

  async getEntry(key: string, options?: ReadOptions): Promise<ConfigEntry | undefined> {
    const id = slotId(options?.namespace ?? this.defaultNamespace, key);
    try {
      return (await this.#cache.fetch(id))?.entry;
    } catch (error) {
      // Server unreachable: an expired answer beats none; with none, the typed error.
      const stale = this.#cache.peek(id, { allowStale: true });
      if (stale) return stale.entry;
      throw error;
    }
  }

  /** Every value of a namespace (one listing, not cached). */
  async getAll(namespace: string = this.defaultNamespace): Promise<Record<string, JsonValue>> {
    const listing = await this.api.listAll(namespace);
    const values: Record<string, JsonValue> = {};
    for (const page of listing.pages) for (const entry of page.items) values[entry.key] = entry.value;
    return values;
  }

  /** Forgets cached answers: one key, or everything. */
  invalidate(key?: string, options?: ReadOptions): void {
    if (key === undefined) this.#cache.clear();
    else this.#cache.delete(slotId(options?.namespace ?? this.defaultNamespace, key));
  }

  async close(): Promise<void> {
    this.#cache.clear();
  }

  protected override written(entry: ConfigEntry): void {
    this.#cache.set(slotId(entry.namespace, entry.key), { entry });
  }

  protected override async deleted(namespace: string, key: string): Promise<void> {
    this.#cache.set(slotId(namespace, key), { entry: undefined });
  }
}

/** Options only a live client has: in JS (no type check) they would otherwise be silently ignored. */
const LIVE_ONLY_OPTIONS = ['namespaces', 'pollIntervalMs', 'backoff', 'initialValues', 'snapshot', 'snapshotStore', 'webSocket'] as const;

function refuseLiveOptions(options: RequestClientOptions): void {
  const given = LIVE_ONLY_OPTIONS.filter((name) => (options as unknown as Record<string, unknown>)[name] !== undefined);
  if (given.length === 0) return;
  const hint = given.includes('namespaces') ? ': a request-mode client reads any namespace per call (`get(key, { namespace })`); set `defaultNamespace` for the one used when a call names none' : '';
  throw new ValidationError(`mode 'request' does not take ${given.map((name) => `\`${name}\``).join(', ')}${hint}`);
}

function slotId(namespace: string, key: string): string {
  return `${namespace}\u0000${key}`;
}

function splitId(id: string): [string, string] {
  const at = id.indexOf('\u0000');
  return [id.slice(0, at), id.slice(at + 1)];
}

import { LRUCache } from 'lru-cache';
import { NotFoundError, UnauthorizedError, UnavailableError, type ApiKeyInfo, type CreatedApiKey } from '@config-service/core';
import {
  SYSTEM_ACTOR,
  apiKeyAudit,
  apiKeyCreatedDetails,
  apiKeyInfo,
  createdApiKey,
  isWellFormedApiKey,
  newApiKeyRecord,
  principalOfKey,
  type Actor,
  type CreateApiKeyRequest,
  type Principal,
} from '@config-service/contract';
import type { ApiKeyStore, NewApiKey, StoredApiKey } from '../storage/api-key-store';
import { generateApiKey, hashApiKey, newKeyId } from './key-material';

const KEY_REFUSAL = 'the API key is not valid';

/** How often, at most, the set of existing key prefixes is read again when an unknown one is presented. */
const PREFIX_RELOAD_MS = 250;

export interface ApiKeyServiceOptions {
  /**
   * How long a looked-up key is trusted without asking the database again. Bounds how late a
   * revocation made on another replica is noticed (the contract allows 1 s).
   * @default 500
   */
  cacheTtlMs?: number;
  /** @default 10000 */
  lastUsedFlushMs?: number;
  now?: () => Date;
}

export interface BootstrapResult {
  created: boolean;
  /** The generated key, when one was generated (not when the environment gave it). */
  generatedKey?: string;
}

type Lookup = { by: 'hash' | 'id'; value: string };

/** API keys: creation, listing, revocation, and resolving a presented key or key id to a principal. */
export class ApiKeyService {
  private readonly fresh: LRUCache<string, StoredApiKey | false>;
  /**
   * The last answer for each lookup, kept past its TTL: used only while the database cannot be
   * reached, so cached reads go on through an outage. A key revoked during the outage is
   * refused as soon as the database answers again.
   */
  private readonly lastKnown = new LRUCache<string, StoredApiKey | false>({ max: 10_000 });
  private readonly inFlight = new Map<string, Promise<StoredApiKey | false>>();
  /** Bumped by every revocation here: lookups begun before it do not fill the caches. */
  private generation = 0;
  private readonly lastUsed = new Map<string, Date>();
  private readonly flushTimer: NodeJS.Timeout;
  private readonly now: () => Date;
  /**
   * The prefixes of the keys that exist (stored prefixes may differ in length). A presented key
   * matching none is refused without a lookup, so guessing costs no database read per attempt.
   */
  private prefixes: { known: Set<string>; lengths: Set<number>; loadedAt: number } | undefined;
  private prefixLoad: Promise<void> | undefined;

  constructor(
    private readonly store: ApiKeyStore,
    options: ApiKeyServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.fresh = new LRUCache({ max: 10_000, ttl: options.cacheTtlMs ?? 500 });
    // last_used_at is kept in memory and written in batches: no database write per request.
    this.flushTimer = setInterval(() => void this.flushLastUsed().catch(() => undefined), options.lastUsedFlushMs ?? 10_000);
    this.flushTimer.unref();
  }

  /** The principal for a presented key; 401 if it is unknown, expired or revoked. `hash`: its hashApiKey, if known. */
  async authenticate(presented: string, hash = hashApiKey(presented)): Promise<Principal> {
    if (!isWellFormedApiKey(presented)) throw new UnauthorizedError(KEY_REFUSAL);
    if (!this.fresh.has(`hash:${hash}`) && !(await this.mayExist(presented))) throw new UnauthorizedError(KEY_REFUSAL);
    return this.toPrincipal(await this.lookup({ by: 'hash', value: hash }), KEY_REFUSAL);
  }

  /** `authenticate` answered from the fresh cache alone: undefined when the key has to be looked up. */
  authenticateCached(presented: string, hash = hashApiKey(presented)): Principal | undefined {
    // Only well-formed keys are ever looked up, so a cached lookup vouches for the form.
    const cached = this.fresh.get(`hash:${hash}`);
    if (cached !== undefined) return this.toPrincipal(cached, KEY_REFUSAL);
    if (!isWellFormedApiKey(presented)) throw new UnauthorizedError(KEY_REFUSAL);
    return undefined;
  }

  /** The principal for the key an access token was issued for; 401 once that key is gone. */
  async principalForKeyId(id: string): Promise<Principal> {
    return this.toPrincipal(await this.lookup({ by: 'id', value: id }), 'the API key this token was issued for is no longer valid');
  }

  async create(actor: Actor, request: CreateApiKeyRequest): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const fresh = this.newKey(key, request);
    const stored = await this.store.insert(fresh, apiKeyAudit(actor, 'created', fresh.id, apiKeyCreatedDetails({ ...fresh, lastUsedAt: null }), fresh.createdAt));
    this.rememberPrefix(fresh.keyPrefix);
    return createdApiKey(stored, key);
  }

  async list(): Promise<ApiKeyInfo[]> {
    const keys = await this.store.listActive();
    return keys.map((stored) => apiKeyInfo({ ...stored, lastUsedAt: this.lastUsed.get(stored.id) ?? stored.lastUsedAt }));
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const at = this.now();
    if (!(await this.store.revoke(id, at, apiKeyAudit(actor, 'deleted', id, {}, at)))) throw new NotFoundError(`there is no API key ${id}`);
    // This replica stops accepting it at once; others within the cache TTL.
    this.generation++;
    this.inFlight.clear();
    this.fresh.clear();
    this.lastKnown.clear();
  }

  /** Makes the first admin key of an empty database. */
  async bootstrapAdmin(configuredKey: string | undefined): Promise<BootstrapResult> {
    const key = configuredKey ?? generateApiKey();
    const fresh = this.newKey(key, { name: 'admin', roles: ['admin'] });
    const created = await this.store.insertIfEmpty(fresh, apiKeyAudit(SYSTEM_ACTOR, 'created', fresh.id, { name: 'admin', roles: ['admin'], bootstrap: true }, fresh.createdAt));
    return created && !configuredKey ? { created, generatedKey: key } : { created };
  }

  async close(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.flushLastUsed().catch(() => undefined);
  }

  /** False when no existing key has the presented key's prefix; reads the prefixes again at most every PREFIX_RELOAD_MS. */
  private async mayExist(presented: string): Promise<boolean> {
    if (this.hasKnownPrefix(presented)) return true;
    if (this.prefixes && Date.now() - this.prefixes.loadedAt < PREFIX_RELOAD_MS) return false;
    try {
      await (this.prefixLoad ??= this.loadPrefixes().finally(() => (this.prefixLoad = undefined)));
    } catch {
      // The database is away (so no key was made since): the prefixes read before it went
      // decide; never read, the lookup does (it may answer from the last known keys).
      return this.prefixes === undefined || this.hasKnownPrefix(presented);
    }
    return this.hasKnownPrefix(presented);
  }

  private hasKnownPrefix(presented: string): boolean {
    if (!this.prefixes) return false;
    for (const length of this.prefixes.lengths) if (this.prefixes.known.has(presented.slice(0, length))) return true;
    return false;
  }

  private async loadPrefixes(): Promise<void> {
    const startedAt = Date.now();
    try {
      const keys = await this.store.listActive();
      this.prefixes = { known: new Set(), lengths: new Set(), loadedAt: startedAt };
      for (const key of keys) this.rememberPrefix(key.keyPrefix);
    } catch (error) {
      if (this.prefixes) this.prefixes.loadedAt = startedAt;
      throw error;
    }
  }

  private rememberPrefix(prefix: string): void {
    if (!this.prefixes) return;
    this.prefixes.known.add(prefix);
    this.prefixes.lengths.add(prefix.length);
  }

  private lookup(lookup: Lookup): Promise<StoredApiKey | false> {
    const cacheKey = `${lookup.by}:${lookup.value}`;
    const cached = this.fresh.get(cacheKey);
    if (cached !== undefined) return Promise.resolve(cached);
    // When the entry expires under load, every request with that key misses at once: they all
    // wait for one database read instead of each making its own.
    const existing = this.inFlight.get(cacheKey);
    if (existing) return existing;
    const pending = this.load(lookup, cacheKey).finally(() => {
      if (this.inFlight.get(cacheKey) === pending) this.inFlight.delete(cacheKey);
    });
    this.inFlight.set(cacheKey, pending);
    return pending;
  }

  private async load(lookup: Lookup, cacheKey: string): Promise<StoredApiKey | false> {
    const generation = this.generation;
    try {
      const stored = (lookup.by === 'hash' ? await this.store.findByHash(lookup.value) : await this.store.findById(lookup.value)) ?? false;
      // A read that started before a revocation on this replica must not cache what it saw.
      if (generation === this.generation) {
        this.fresh.set(cacheKey, stored);
        this.lastKnown.set(cacheKey, stored);
      }
      return stored;
    } catch (error) {
      const known = this.lastKnown.get(cacheKey);
      if (error instanceof UnavailableError && known !== undefined) return known;
      throw error;
    }
  }

  private toPrincipal(stored: StoredApiKey | false, refusal: string): Principal {
    if (!stored) throw new UnauthorizedError(refusal);
    const now = this.now();
    const principal = principalOfKey(stored, now, refusal);
    this.lastUsed.set(stored.id, now);
    return principal;
  }

  private async flushLastUsed(): Promise<void> {
    if (this.lastUsed.size === 0) return;
    const batch = new Map(this.lastUsed);
    await this.store.touch(batch);
    for (const [id, at] of batch) if (this.lastUsed.get(id) === at) this.lastUsed.delete(id);
  }

  private newKey(key: string, request: CreateApiKeyRequest): NewApiKey {
    const { lastUsedAt: _unused, ...record } = newApiKeyRecord(newKeyId(), key, request, this.now());
    return { ...record, keyHash: hashApiKey(key) };
  }
}

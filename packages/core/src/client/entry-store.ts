import { refusalOf, type ReceivedValueError, type ValueCheck } from './received-value-check';
import type { ChangeEvent, ConfigEntry, HistoryAction } from '../wire/config-entry';
import type { ConfigChange } from './client-types';

/** One page of a listing: its items are the state of those keys as of `revision`. */
export interface ListingPage {
  revision: number;
  items: readonly ConfigEntry[];
}

interface NamespaceState {
  entries: Map<string, ConfigEntry>;
  /**
   * Per key, the revision up to which its state is known (deleted keys included): a change at
   * or below it is a replay and is dropped.
   */
  known: Map<string, number>;
  /** `getAll` answer, rebuilt after a change: a stable object for React snapshots. */
  values: Readonly<Record<string, unknown>> | undefined;
}

/** A namespace as the store holds it, for snapshots. */
export interface StoredNamespace {
  entries: ConfigEntry[];
  known: Record<string, number>;
}

/**
 * The entries a client holds, per namespace. Every way in (watch event, listing, own write)
 * goes through the per-key revision check, so a change is applied once and a key never goes
 * back to an older state whatever order the paths deliver in. Revisions rather than versions:
 * a listing tells the state of every key as of its revision, absent keys included.
 */
export class EntryStore {
  readonly #namespaces = new Map<string, NamespaceState>();
  /** Every change with a revision up to this one is reflected here; undefined before any sync. */
  cursor: number | undefined;

  /** Values the server sends that this check refuses are not taken: the last good one stays. */
  readonly #check: ValueCheck | undefined;
  readonly #refused: (error: ReceivedValueError) => void;

  constructor(namespaces: readonly string[], check?: ValueCheck, refused: (error: ReceivedValueError) => void = () => undefined) {
    this.#check = check;
    this.#refused = refused;
    for (const namespace of namespaces) this.#namespaces.set(namespace, { entries: new Map(), known: new Map(), values: undefined });
  }

  get namespaces(): string[] {
    return [...this.#namespaces.keys()];
  }

  has(namespace: string): boolean {
    return this.#namespaces.has(namespace);
  }

  /** The entry, or undefined when absent; hot path of every read. */
  entry(namespace: string, key: string): ConfigEntry | undefined {
    return this.#namespaces.get(namespace)?.entries.get(key);
  }

  values(namespace: string): Readonly<Record<string, unknown>> {
    const state = this.#namespaces.get(namespace);
    if (!state) return EMPTY;
    if (state.values === undefined) {
      const values: Record<string, unknown> = {};
      for (const [key, entry] of [...state.entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) values[key] = entry.value;
      state.values = Object.freeze(values);
    }
    return state.values;
  }

  /** A change announced by the watch. */
  applyEvent(event: ChangeEvent): ConfigChange | null {
    if (event.action === 'deleted') return this.#remove(event.namespace, event.key, event.version, event.revision, event.revision, 'watch');
    const previous = this.entry(event.namespace, event.key);
    const entry: ConfigEntry = {
      namespace: event.namespace,
      key: event.key,
      value: event.value,
      version: event.version,
      revision: event.revision,
      secret: event.secret,
      // The event does not carry metadata; it is rarely changed and the next listing refreshes it.
      metadata: previous?.metadata ?? null,
      created_at: event.action === 'created' || !previous ? event.updated_at : previous.created_at,
      updated_at: event.updated_at,
      updated_by: event.updated_by,
    };
    return this.#put(entry, event.revision, event.action, 'watch');
  }

  /** An entry this client wrote (read-your-writes) or one fetched by itself. */
  applyEntry(entry: ConfigEntry, source: ConfigChange['source']): ConfigChange | null {
    const exists = this.#namespaces.get(entry.namespace)?.entries.has(entry.key) ?? false;
    return this.#put(entry, entry.revision, exists ? 'updated' : 'created', source);
  }

  applyDeletion(namespace: string, key: string, version: number, revision: number): ConfigChange | null {
    return this.#remove(namespace, key, version, revision, revision, 'write');
  }

  /**
   * Replaces a namespace with a full listing and returns the differences as changes, in
   * revision order. Each page tells the state of its keys as of its own revision; a key in
   * no page is gone as of the newest page's revision.
   */
  replaceNamespace(namespace: string, pages: readonly ListingPage[]): ConfigChange[] {
    const state = this.#namespaces.get(namespace);
    if (!state) return [];
    const changes: ConfigChange[] = [];
    const listed = new Set<string>();
    let newest = 0;
    for (const page of pages) {
      newest = Math.max(newest, page.revision);
      for (const entry of page.items) {
        listed.add(entry.key);
        const change = this.#put(entry, page.revision, state.entries.has(entry.key) ? 'updated' : 'created', 'sync');
        if (change) changes.push(change);
      }
    }
    for (const [key, entry] of [...state.entries]) {
      if (listed.has(key)) continue;
      // The deletion's own version and revision are not in a listing: the next version and the
      // listing's revision are the best this client can tell.
      const change = this.#remove(namespace, key, entry.version + 1, newest, newest, 'sync');
      if (change) changes.push(change);
    }
    return changes.sort((a, b) => a.revision - b.revision);
  }

  /** Values known before any sync (server-rendered): version 0, so any real entry wins. */
  seed(namespace: string, values: Readonly<Record<string, unknown>>): void {
    const state = this.#namespaces.get(namespace);
    if (!state) return;
    const epoch = new Date(0).toISOString();
    for (const [key, value] of Object.entries(values)) {
      if (state.known.has(key)) continue;
      state.entries.set(key, {
        namespace, key, value, version: 0, revision: 0, secret: false, metadata: null,
        created_at: epoch, updated_at: epoch, updated_by: '',
      });
      state.known.set(key, 0);
    }
    state.values = undefined;
  }

  export(): Record<string, StoredNamespace> {
    const out: Record<string, StoredNamespace> = {};
    for (const [namespace, state] of this.#namespaces) {
      out[namespace] = { entries: [...state.entries.values()], known: Object.fromEntries(state.known) };
    }
    return out;
  }

  /** Loads namespaces from a snapshot; only those this client syncs, and only into empty ones. */
  import(namespaces: Record<string, StoredNamespace>): string[] {
    const loaded: string[] = [];
    for (const [namespace, stored] of Object.entries(namespaces)) {
      const state = this.#namespaces.get(namespace);
      if (!state) continue;
      state.entries = new Map(stored.entries.map((entry) => [entry.key, entry]));
      state.known = new Map(Object.entries(stored.known));
      for (const entry of stored.entries) state.known.set(entry.key, Math.max(entry.revision, state.known.get(entry.key) ?? 0));
      state.values = undefined;
      loaded.push(namespace);
    }
    return loaded;
  }

  /** `asOf`: the revision this state of the key is known at (a listing's, or the change's own). */
  #put(entry: ConfigEntry, asOf: number, action: HistoryAction, source: ConfigChange['source']): ConfigChange | null {
    const state = this.#namespaces.get(entry.namespace);
    if (!state) return null;
    const known = state.known.get(entry.key);
    if (known !== undefined && known >= asOf) return null;
    state.known.set(entry.key, asOf);
    const previous = state.entries.get(entry.key);
    // A listing may repeat a state already held (known from an older page or a seed).
    if (previous && previous.version === entry.version && previous.revision === entry.revision && previous.version > 0) return null;
    const refusal = refusalOf(this.#check, entry);
    if (refusal) {
      this.#refused(refusal);
      return null;
    }
    state.entries.set(entry.key, entry);
    state.values = undefined;
    return {
      namespace: entry.namespace, key: entry.key, action, value: entry.value, previousValue: previous?.value,
      version: entry.version, revision: entry.revision, entry, source,
    };
  }

  #remove(namespace: string, key: string, version: number, revision: number, asOf: number, source: ConfigChange['source']): ConfigChange | null {
    const state = this.#namespaces.get(namespace);
    if (!state) return null;
    const known = state.known.get(key);
    if (known !== undefined && known >= asOf) return null;
    state.known.set(key, asOf);
    const previous = state.entries.get(key);
    // Absent before and after: nothing a reader could see changed.
    if (!previous) return null;
    state.entries.delete(key);
    state.values = undefined;
    return { namespace, key, action: 'deleted', value: undefined, previousValue: previous.value, version, revision, entry: null, source };
  }
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

import { watchMatches, type Principal, type WatchQuery, type CommittedChange } from '@config-service/contract';

/** Where a watcher is filed in the WatchIndex: exactly the changes `watchMatches` lets through. */
export interface WatchRoute {
  /** The namespaces whose changes it can match; null: any namespace. */
  namespaces: readonly string[] | null;
  /** Only this key (then `prefix` is absent). */
  key: string | undefined;
  /** Only keys starting with this. */
  prefix: string | undefined;
}

/** Which changes one watcher gets: its filters, within what its key may read (rules in core). */
export class WatchFilter {
  constructor(
    private readonly principal: Principal,
    private readonly query: Pick<WatchQuery, 'namespaces' | 'key' | 'prefix'>,
  ) {}

  matches(change: CommittedChange): boolean {
    return watchMatches(this.query, this.principal, change);
  }

  /**
   * `matches` as an index entry (the index test checks the two agree): named namespaces, or
   * every one the key may read; one key or one prefix. A key outside its own prefix matches nothing.
   */
  route(): WatchRoute {
    const { key, prefix } = this.query;
    const readable = this.query.namespaces.length > 0 ? this.query.namespaces : this.principal.namespaces;
    if (key !== undefined && prefix !== undefined && !key.startsWith(prefix)) return { namespaces: [], key, prefix: undefined };
    return { namespaces: readable === null ? null : [...new Set(readable)], key, prefix: key === undefined ? prefix : undefined };
  }
}

/** A filter shared by the open watches of one credential that ask for the same changes. */
export class SharedFilter extends WatchFilter {
  users = 0;
  /** Its index entry, made once for all of them. */
  readonly indexRoute: WatchRoute;

  constructor(
    readonly name: string,
    principal: Principal,
    query: Pick<WatchQuery, 'namespaces' | 'key' | 'prefix'>,
  ) {
    super(principal, query);
    this.indexRoute = this.route();
  }
}

/**
 * The filters of one credential's open watches, one per distinct query: watchers mostly ask
 * the same (10,000 watchers of one namespace hold one filter, principal and route, not 10,000).
 * A filter lives while a watch uses it.
 */
export class SharedFilters {
  private readonly byQuery = new Map<string, SharedFilter>();

  take(principal: Principal, query: Pick<WatchQuery, 'namespaces' | 'key' | 'prefix'>): SharedFilter {
    const name = JSON.stringify([query.namespaces, query.key ?? null, query.prefix ?? null]);
    let filter = this.byQuery.get(name);
    if (!filter) this.byQuery.set(name, (filter = new SharedFilter(name, principal, { namespaces: query.namespaces, key: query.key, prefix: query.prefix })));
    filter.users++;
    return filter;
  }

  release(filter: SharedFilter): void {
    if (--filter.users === 0 && this.byQuery.get(filter.name) === filter) this.byQuery.delete(filter.name);
  }
}

import { forbiddenNamespaces, watchMatches, type Principal, type WatchQuery, type CommittedChange } from '@config-service/contract';

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

  /** The requested namespaces this key may not read (each makes the watch 4003). */
  forbiddenNamespaces(): string[] {
    return forbiddenNamespaces(this.query, this.principal);
  }

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

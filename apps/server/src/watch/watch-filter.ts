import { forbiddenNamespaces, watchMatches, type Principal, type WatchQuery, type CommittedChange } from '@config-service/contract';

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
}

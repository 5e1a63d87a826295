import { RateLimitedError } from '@config-service/core';
import type { PresentedCredentials } from '../services/authenticator';
import type { WatchSession } from './watch-session';
import { SharedFilters } from './watch-filter';

interface Releases {
  release(tally: Tally): void;
}

/** The watches open (or being opened) under one name: a client address, or a credential. */
export class Tally {
  open = 0;
  constructor(
    readonly name: string,
    private readonly counts: Releases,
  ) {}

  /** One of its watches is gone (its socket closed). */
  release(): void {
    this.counts.release(this);
  }
}

/**
 * The watches of one credential: what it presented, kept once however many watches share it
 * (revalidation checks it once for all of them), and its open sessions.
 */
export class CredentialTally extends Tally {
  readonly sessions = new Set<WatchSession>();
  readonly filters = new SharedFilters();
  constructor(
    name: string,
    counts: Releases,
    readonly credentials: PresentedCredentials,
  ) {
    super(name, counts);
  }
}

/**
 * Open watches by name, each refused past `max` with 429. An entry lives while a watch counts
 * against it; a watch holds its entry (not a copy of the name) and releases it once.
 */
export class OpenWatches<T extends Tally> implements Releases {
  private readonly byName = new Map<string, T>();

  constructor(
    private readonly max: number,
    private readonly what: string,
  ) {}

  assertRoom(name: string): void {
    if ((this.byName.get(name)?.open ?? 0) >= this.max) throw new RateLimitedError(`too many open watches ${this.what} (at most ${this.max})`, 5);
  }

  /** Counts one more watch under `name`; `make` makes its entry when it has none. */
  take(name: string, make: (name: string, counts: Releases) => T): T {
    let tally = this.byName.get(name);
    if (!tally) this.byName.set(name, (tally = make(name, this)));
    tally.open++;
    return tally;
  }

  release(tally: Tally): void {
    if (--tally.open === 0 && this.byName.get(tally.name) === tally) this.byName.delete(tally.name);
  }

  values(): IterableIterator<T> {
    return this.byName.values();
  }
}

import type { WatchRoute } from './watch-filter';

/** The watchers of one namespace (or of any): all its keys, one key, or a key prefix. */
class Bucket<S> {
  readonly all = new Set<S>();
  readonly byKey = new Map<string, Set<S>>();
  readonly byPrefix = new Map<string, Set<S>>();

  get empty(): boolean {
    return this.all.size === 0 && this.byKey.size === 0 && this.byPrefix.size === 0;
  }

  add(watcher: S, route: WatchRoute): void {
    if (route.key !== undefined) addTo(this.byKey, route.key, watcher);
    else if (route.prefix !== undefined) addTo(this.byPrefix, route.prefix, watcher);
    else this.all.add(watcher);
  }

  remove(watcher: S, route: WatchRoute): void {
    if (route.key !== undefined) removeFrom(this.byKey, route.key, watcher);
    else if (route.prefix !== undefined) removeFrom(this.byPrefix, route.prefix, watcher);
    else this.all.delete(watcher);
  }

  forEachMatch(key: string, visit: (watcher: S) => void): void {
    for (const watcher of this.all) visit(watcher);
    const exact = this.byKey.get(key);
    if (exact) for (const watcher of exact) visit(watcher);
    // Distinct prefixes are few (watchers share them); each costs one startsWith.
    for (const [prefix, watchers] of this.byPrefix) if (key.startsWith(prefix)) for (const watcher of watchers) visit(watcher);
  }
}

function addTo<S>(map: Map<string, Set<S>>, name: string, watcher: S): void {
  const set = map.get(name);
  if (set) set.add(watcher);
  else map.set(name, new Set([watcher]));
}

function removeFrom<S>(map: Map<string, Set<S>>, name: string, watcher: S): void {
  const set = map.get(name);
  if (!set) return;
  set.delete(watcher);
  if (set.size === 0) map.delete(name);
}

/**
 * The live watchers by what they match (namespace, then key or prefix), so that a change costs
 * the watchers it matches, not every open one. Each watcher is filed where its route says
 * (WatchFilter.route, from the rule in core) and visited at most once per change.
 */
export class WatchIndex<S> {
  private readonly byNamespace = new Map<string, Bucket<S>>();
  private readonly anyNamespace = new Bucket<S>();
  private readonly routes = new Map<S, WatchRoute>();

  get size(): number {
    return this.routes.size;
  }

  add(watcher: S, route: WatchRoute): void {
    if (this.routes.has(watcher)) return;
    this.routes.set(watcher, route);
    if (route.namespaces === null) return this.anyNamespace.add(watcher, route);
    for (const namespace of route.namespaces) {
      let bucket = this.byNamespace.get(namespace);
      if (!bucket) this.byNamespace.set(namespace, (bucket = new Bucket()));
      bucket.add(watcher, route);
    }
  }

  remove(watcher: S): void {
    const route = this.routes.get(watcher);
    if (!route) return;
    this.routes.delete(watcher);
    if (route.namespaces === null) return this.anyNamespace.remove(watcher, route);
    for (const namespace of route.namespaces) {
      const bucket = this.byNamespace.get(namespace);
      if (!bucket) continue;
      bucket.remove(watcher, route);
      if (bucket.empty) this.byNamespace.delete(namespace);
    }
  }

  /** Calls `visit` once for every watcher that `change` matches; `visit` may remove watchers. */
  forEachMatch(change: { namespace: string; key: string }, visit: (watcher: S) => void): void {
    this.byNamespace.get(change.namespace)?.forEachMatch(change.key, visit);
    this.anyNamespace.forEachMatch(change.key, visit);
  }
}

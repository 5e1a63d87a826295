/** What the layers below the HTTP routes learn about the request they serve, for its log line. */
export interface RequestFacts {
  /** Whether the entry read was answered from a cache (in process or Redis). */
  cacheHit?: boolean;
}

let current: RequestFacts | undefined;

/**
 * Calls `start` (the start of a request's operation) with `facts` as the current request's. Only
 * code that runs synchronously inside the call sees them, so a layer that reports on the request
 * takes them before its first `await` and keeps them (see CachedConfigStore.getEntry). Not an
 * AsyncLocalStorage: on Node 20 the first one used turns on promise hooks for every promise of
 * the process, about a fifth of a write's CPU (write-cost --node-arg, with and without).
 */
export function withRequestFacts<T>(facts: RequestFacts, start: () => T): T {
  const outer = current;
  current = facts;
  try {
    return start();
  } finally {
    current = outer;
  }
}

/** The facts of the request whose operation is starting, if any (none outside one, e.g. in the watch). */
export function currentRequestFacts(): RequestFacts | undefined {
  return current;
}

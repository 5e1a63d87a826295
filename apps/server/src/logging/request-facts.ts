import { AsyncLocalStorage } from 'node:async_hooks';

/** What the layers below the HTTP routes learn about the request they serve, for its log line. */
export interface RequestFacts {
  /** Whether the entry read was answered from a cache (in process or Redis). */
  cacheHit?: boolean;
}

const storage = new AsyncLocalStorage<RequestFacts>();

/** Runs `work` (the rest of the pipeline) with `facts` as the current request's. */
export function withRequestFacts(facts: RequestFacts, work: () => void): void {
  storage.run(facts, work);
}

/** The facts of the request being served, if any (none outside a request, e.g. in the watch). */
export function currentRequestFacts(): RequestFacts | undefined {
  return storage.getStore();
}

/**
 * What the providers use of a live `ConfigClient` (from @config-service/node or
 * @config-service/browser): structural, so this package depends on neither at run time.
 */
export interface LiveEntry {
  namespace: string;
  key: string;
  value: unknown;
  version: number;
  revision: number;
}

export type LiveStatus = 'initializing' | 'ready' | 'stale' | 'closed';

export interface LiveClient {
  readonly defaultNamespace: string;
  readonly namespaces: readonly string[];
  readonly status: LiveStatus;
  readonly fatalError: unknown;
  getEntry(key: string, options?: { namespace?: string }): LiveEntry | undefined;
  subscribe(target: { namespace: string }, listener: (change: { key: string }) => void): () => void;
  onStatusChange(listener: (status: LiveStatus) => void): () => void;
  onError(listener: (error: unknown) => void): () => void;
  ready(options?: { timeoutMs?: number }): Promise<void>;
  close(): Promise<void>;
}

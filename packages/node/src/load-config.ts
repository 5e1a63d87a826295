import { loadClient, standardTimers, type ConfigClient } from '@config-service/client';
import { createClient, type NodeClientOptions } from './create-client';

export interface LoadConfigOptions extends NodeClientOptions {
  /** How long to wait for the server when there is no snapshot to start from. @default 10000 */
  timeoutMs?: number;
}

/**
 * For service start-up: a client that can serve, from the server or (while the server cannot
 * be reached) from the snapshot; rejects with an `UnavailableError` that says why when it has
 * neither within `timeoutMs`.
 * @example
 * const config = await loadConfig({ baseUrl, apiKey, namespaces: ['payments'], snapshot: './config-snapshot.json' });
 */
export function loadConfig(options: LoadConfigOptions): Promise<ConfigClient> {
  const { timeoutMs = 10_000, ...clientOptions } = options;
  return loadClient(createClient(clientOptions), timeoutMs, standardTimers);
}

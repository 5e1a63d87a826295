import { loadClient, standardTimers, type ConfigClient } from '@config-service/client';
import { createClient, type BrowserClientOptions } from './create-client';

export interface LoadConfigOptions extends BrowserClientOptions {
  /** How long to wait for the server when there is no snapshot to start from. @default 10000 */
  timeoutMs?: number;
}

/**
 * A client that can serve, from the server or from the localStorage snapshot; rejects with an
 * `UnavailableError` that says why when it has neither within `timeoutMs`.
 * @example
 * const config = await loadConfig({ baseUrl, token, snapshot: true, timeoutMs: 3000 });
 */
export function loadConfig(options: LoadConfigOptions): Promise<ConfigClient> {
  const { timeoutMs = 10_000, ...clientOptions } = options;
  return loadClient(createClient(clientOptions), timeoutMs, standardTimers);
}

import { ProviderFatalError } from '@openfeature/core';
import type { LiveClient } from './live-client';

/**
 * A provider's initialisation: resolves once the client can serve (in sync, or stale from a
 * snapshot after a failed attempt); a permanent failure (refused key, forbidden namespace) is
 * a `ProviderFatalError`, so the SDK marks the provider FATAL instead of waiting.
 */
export async function waitUntilServing(client: LiveClient, timeoutMs: number): Promise<void> {
  const serving = () => client.status === 'ready' || client.status === 'stale';
  if (serving()) return;
  try {
    await client.ready({ timeoutMs });
  } catch (error) {
    if (client.fatalError !== undefined) throw new ProviderFatalError(`config-service: ${(error as Error).message}`);
    if (!serving()) throw error;
  }
}

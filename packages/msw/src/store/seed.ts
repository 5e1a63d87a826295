import { DEFAULT_NAMESPACE, ValidationError, describeInvalidKey, describeInvalidNamespace } from '@config-service/core';
import type { InMemoryConfigStore } from './in-memory-config-store';

/** An entry the mock holds from the start (version 1, one `created` history item). */
export interface SeedEntry {
  /** @default 'default' */
  namespace?: string;
  key: string;
  /** Any JSON value; use lossless-json's `LosslessNumber` (re-exported by core) for numbers past 2^53. */
  value: unknown;
  /** @default null */
  metadata?: Record<string, unknown> | null;
  /** @default false */
  secret?: boolean;
  /** What `updated_by` says. @default 'seed' */
  updated_by?: string;
}

/** Creates every seed entry in order, each taking the next revision; refuses what the API would refuse. */
export function applySeed(store: InMemoryConfigStore, seed: readonly SeedEntry[]): void {
  for (const entry of seed) {
    const namespace = entry.namespace ?? DEFAULT_NAMESPACE;
    const problem = describeInvalidNamespace(namespace) ?? describeInvalidKey(entry.key);
    if (problem) throw new ValidationError(`the seed entry ${namespace}/${entry.key} cannot be created: ${problem}`);
    try {
      store.create(entry.updated_by ?? 'seed', namespace, entry.key, {
        value: entry.value,
        metadata: entry.metadata ?? null,
        secret: entry.secret ?? false,
      });
    } catch (error) {
      throw new ValidationError(`the seed entry ${namespace}/${entry.key} cannot be created: ${(error as Error).message}`, { cause: error });
    }
  }
}

import { DEFAULT_NAMESPACE, ValidationError, describeInvalidKey, describeInvalidNamespace } from '@config-service/core';
import { encodeMetadata, encodeValue } from '@config-service/contract';
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

/**
 * Creates every seed entry in order, each taking the next revision. What the API would refuse
 * is refused at once, before anything is written (so `createConfigMock` throws it); the writes
 * themselves finish when the returned promise does.
 */
export function applySeed(store: InMemoryConfigStore, seed: readonly SeedEntry[]): Promise<void> {
  const seen = new Set<string>();
  const writes = seed.map((entry) => {
    const namespace = entry.namespace ?? DEFAULT_NAMESPACE;
    const refuse = (problem: string, cause?: unknown) =>
      new ValidationError(`the seed entry ${namespace}/${entry.key} cannot be created: ${problem}`, cause === undefined ? {} : { cause });
    const problem = describeInvalidNamespace(namespace) ?? describeInvalidKey(entry.key);
    if (problem) throw refuse(problem);
    // The store is empty when a seed goes in (at creation, and after a reset's clearing).
    if (seen.has(`${namespace}/${entry.key}`)) throw refuse(`${namespace}/${entry.key} already exists`);
    seen.add(`${namespace}/${entry.key}`);
    try {
      encodeValue(entry.value);
      encodeMetadata(entry.metadata ?? null);
    } catch (error) {
      throw refuse((error as Error).message, error);
    }
    return { namespace, entry };
  });
  // Queued in order now; the store runs its writes one at a time.
  const done = writes.map(({ namespace, entry }) =>
    store.create(entry.updated_by ?? 'seed', namespace, entry.key, {
      value: entry.value,
      metadata: entry.metadata ?? null,
      secret: entry.secret ?? false,
    }),
  );
  return Promise.all(done).then(() => undefined);
}

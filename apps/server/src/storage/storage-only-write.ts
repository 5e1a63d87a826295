import { configChangeAudit, type Actor, type ChangeToCommit, type ConfigStore, type StoredEntry } from '@config-service/contract';

/*
 * The rows a PUT of a value writes, with none of the engine's rules (no checks, no schema, no
 * codec, no change announced): read the entry; write it, its history item and its audit row
 * (the engine's, configChangeAudit); commit. What the bench calls "storage alone", in one
 * process (in-process-write-times.ts) and behind a bare HTTP server (storage-floor-server.ts).
 */

/** The change a PUT of `value` makes over `current` (null: the key never existed). */
export function storageOnlyChange(current: StoredEntry | null, namespace: string, key: string, value: unknown, actor: Actor): ChangeToCommit {
  const action = current && !current.deleted ? 'updated' : 'created';
  return { namespace, key, version: (current?.version ?? 0) + 1, action, valueJson: JSON.stringify(value), metadataJson: null, secret: false, actor: actor.name, at: new Date() };
}

/** A PUT of `value`, stored alone, through the store's write. */
export function storageOnlyWrite(store: ConfigStore, namespace: string, key: string, value: unknown, actor: Actor): Promise<StoredEntry> {
  return store.write(
    async (tx) => {
      const current = await tx.getEntry(namespace, key);
      const change = storageOnlyChange(current, namespace, key, value, actor);
      const entry = await tx.commit(change);
      await tx.appendAudit(configChangeAudit(actor, change.action, entry, change.valueJson, current?.version ?? null));
      return entry;
    },
    { namespace, key },
  );
}

import type { AuditRecord, ChangeToCommit, ConfigStore, StoredEntry } from '@config-service/contract';

/*
 * The rows a PUT of a value writes, with none of the engine's rules (no checks, no schema, no
 * codec, no change announced): read the entry; write it, its history item and an audit row;
 * commit. What the bench calls "storage alone", in one process (in-process-write-times.ts) and
 * behind a bare HTTP server (storage-floor-server.ts).
 */

/** The change a PUT of `value` makes over `current` (null: the key never existed). */
export function storageOnlyChange(current: StoredEntry | null, namespace: string, key: string, value: unknown, actor: string): ChangeToCommit {
  const action = current && !current.deleted ? 'updated' : 'created';
  return { namespace, key, version: (current?.version ?? 0) + 1, action, valueJson: JSON.stringify(value), metadataJson: null, secret: false, actor, at: new Date() };
}

/** The audit row of `change`. */
export function storageOnlyAudit(change: ChangeToCommit): AuditRecord {
  return {
    action: `config_${change.action}`,
    entityType: 'config',
    entityId: `${change.namespace}/${change.key}`,
    userId: change.actor,
    changesJson: JSON.stringify({ value: change.valueJson }),
    requestId: null,
    at: change.at,
  };
}

/** A PUT of `value`, stored alone, through the store's write. */
export function storageOnlyWrite(store: ConfigStore, namespace: string, key: string, value: unknown, actor: string): Promise<StoredEntry> {
  return store.write(
    async (tx) => {
      const change = storageOnlyChange(await tx.getEntry(namespace, key), namespace, key, value, actor);
      const entry = await tx.commit(change);
      await tx.appendAudit(storageOnlyAudit(change));
      return entry;
    },
    { namespace, key },
  );
}

import type { ConfigStore, StoredEntry } from '@config-service/contract';

/**
 * The rows a PUT of `value` writes, through the store's write with none of the engine's rules
 * (no checks, no schema, no codec, no change announced): read the entry; write it, its history
 * item and an audit row; commit. What the bench calls "storage alone", in one process
 * (in-process-write-times.ts) and behind a bare HTTP server (storage-floor-server.ts).
 */
export function storageOnlyWrite(store: ConfigStore, namespace: string, key: string, value: unknown, actor: string): Promise<StoredEntry> {
  return store.write(
    async (tx) => {
      const at = new Date();
      const current = await tx.getEntry(namespace, key);
      const valueJson = JSON.stringify(value);
      const action = current && !current.deleted ? 'updated' : 'created';
      const entry = await tx.commit({ namespace, key, version: (current?.version ?? 0) + 1, action, valueJson, metadataJson: null, secret: false, actor, at });
      await tx.appendAudit({ action: `config_${action}`, entityType: 'config', entityId: `${namespace}/${key}`, userId: actor, changesJson: JSON.stringify({ value: valueJson }), requestId: null, at });
      return entry;
    },
    { namespace, key },
  );
}

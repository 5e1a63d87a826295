import type { ApiKeyInfo, CreatedApiKey } from '@config-service/core';
import type { AuditRecord } from '../audit/audit-log';
import type { CommittedChange, NamespaceStats, StoredEntry, StoredHistoryItem } from '../store/stored-types';

/*
 * Bodies are written as text with the stored JSON spliced in unparsed, as the server writes
 * them: values keep every digit.
 */

const q = JSON.stringify;

export function entryJson(entry: StoredEntry): string {
  return (
    `{"namespace":${q(entry.namespace)},"key":${q(entry.key)},"value":${entry.valueJson},` +
    `"version":${entry.version},"revision":${entry.revision},"secret":${entry.secret},` +
    `"metadata":${entry.metadataJson ?? 'null'},"created_at":${q(entry.createdAt)},` +
    `"updated_at":${q(entry.updatedAt)},"updated_by":${q(entry.updatedBy)}}`
  );
}

export function historyItemJson(item: StoredHistoryItem): string {
  return (
    `{"version":${item.version},"revision":${item.revision},"action":${q(item.action)},` +
    `"value":${item.valueJson ?? 'null'},"created_at":${q(item.createdAt)},"created_by":${q(item.createdBy)}}`
  );
}

export function listingJson(namespace: string, revision: number, items: StoredEntry[], nextCursor: string | null): string {
  return `{"namespace":${q(namespace)},"revision":${revision},"items":[${items.map(entryJson).join(',')}],"next_cursor":${q(nextCursor)}}`;
}

export function historyPageJson(items: StoredHistoryItem[], nextCursor: string | null): string {
  return `{"items":[${items.map(historyItemJson).join(',')}],"next_cursor":${q(nextCursor)}}`;
}

export function namespacesJson(items: NamespaceStats[]): string {
  return q({ items: items.map((ns) => ({ name: ns.name, config_count: ns.configCount, updated_at: ns.updatedAt })) });
}

export function apiKeyJson(key: ApiKeyInfo | CreatedApiKey): string {
  return q(key);
}

/** The WebSocket `change` message of the contract. */
export function changeEventJson(change: CommittedChange): string {
  return (
    `{"type":"change","revision":${change.revision},"action":${q(change.action)},"namespace":${q(change.namespace)},` +
    `"key":${q(change.key)},"version":${change.version},"value":${change.valueJson ?? 'null'},"secret":${change.secret},` +
    `"updated_by":${q(change.actor)},"updated_at":${q(change.at)}}`
  );
}

export function auditPageJson(items: AuditRecord[], nextCursor: string | null): string {
  const rendered = items.map(
    (item) =>
      `{"id":${item.id},"action":${q(item.action)},"entity_type":${q(item.entityType)},"entity_id":${q(item.entityId)},` +
      `"user_id":${q(item.userId)},"changes":${item.changesJson ?? 'null'},"request_id":${q(item.requestId)},"created_at":${q(item.at)}}`,
  );
  return `{"items":[${rendered.join(',')}],"next_cursor":${q(nextCursor)}}`;
}

import type { ApiKeyInfo, CreatedApiKey } from '@config-service/core';
import type { StoredEntry, StoredHistoryItem, StoredSchema, NamespaceStats } from '../engine/config-store';
import type { StoredAuditRecord } from '../engine/audit-record';

/*
 * Response bodies, the same from the server and the mock, are written as text with the stored
 * JSON spliced in unparsed: values keep every digit and a 1 MiB value is not parsed and
 * re-serialised on each read.
 */

const q = JSON.stringify;

/**
 * Bodies already rendered, by entry: a cached entry is read over and over, and an entry never
 * changes (a write makes a new one), so its body is rendered once (two dates to ISO text and
 * four strings to JSON were the largest part of a cached read's own work). Held as long as the
 * entry is (the cache's); up to MEMO_MAX, so this at most doubles what a cached entry holds.
 */
const renderedEntries = new WeakMap<StoredEntry, string>();
const MEMO_MAX = 64 * 1024;

export function entryJson(entry: StoredEntry): string {
  let body = renderedEntries.get(entry);
  if (body === undefined) {
    body = renderEntry(entry);
    if (body.length <= MEMO_MAX) renderedEntries.set(entry, body);
  }
  return body;
}

function renderEntry(entry: StoredEntry): string {
  return (
    `{"namespace":${q(entry.namespace)},"key":${q(entry.key)},"value":${entry.valueJson ?? 'null'},` +
    `"version":${entry.version},"revision":${entry.revision},"secret":${entry.secret},` +
    `"metadata":${entry.metadataJson ?? 'null'},"created_at":${q(entry.createdAt.toISOString())},` +
    `"updated_at":${q(entry.updatedAt.toISOString())},"updated_by":${q(entry.updatedBy)}}`
  );
}

export function historyItemJson(item: StoredHistoryItem): string {
  return (
    `{"version":${item.version},"revision":${item.revision},"action":${q(item.action)},` +
    `"value":${item.action === 'deleted' ? 'null' : (item.valueJson ?? 'null')},` +
    `"created_at":${q(item.createdAt.toISOString())},"created_by":${q(item.createdBy)}}`
  );
}

export function listingJson(namespace: string, revision: number, items: StoredEntry[], nextCursor: string | null): string {
  return `{"namespace":${q(namespace)},"revision":${revision},"items":[${items.map(entryJson).join(',')}],"next_cursor":${q(nextCursor)}}`;
}

export function historyPageJson(items: StoredHistoryItem[], nextCursor: string | null): string {
  return `{"items":[${items.map(historyItemJson).join(',')}],"next_cursor":${q(nextCursor)}}`;
}

export function namespacesJson(items: NamespaceStats[]): string {
  return q({ items: items.map((ns) => ({ name: ns.name, config_count: ns.configCount, updated_at: ns.updatedAt.toISOString() })) });
}

export function apiKeyJson(key: ApiKeyInfo | CreatedApiKey): string {
  return q(key);
}

export function auditPageJson(items: StoredAuditRecord[], nextCursor: string | null): string {
  const rendered = items.map(
    (item) =>
      `{"id":${item.id},"action":${q(item.action)},"entity_type":${q(item.entityType)},"entity_id":${q(item.entityId)},` +
      `"user_id":${q(item.userId)},"changes":${item.changesJson ?? 'null'},"request_id":${q(item.requestId)},"created_at":${q(item.at.toISOString())}}`,
  );
  return `{"items":[${rendered.join(',')}],"next_cursor":${q(nextCursor)}}`;
}

export function keySchemaJson(schema: StoredSchema): string {
  return (
    `{"namespace":${q(schema.namespace)},"key":${q(schema.key)},"schema":${schema.schemaJson},"version":${schema.version},` +
    `"updated_at":${q(schema.updatedAt.toISOString())},"updated_by":${q(schema.updatedBy)}}`
  );
}

export function schemaListJson(namespace: string, schemas: StoredSchema[]): string {
  const items = schemas.map((schema) => `{"key":${q(schema.key)},"schema":${schema.schemaJson},"version":${schema.version}}`);
  return `{"namespace":${q(namespace)},"items":[${items.join(',')}]}`;
}

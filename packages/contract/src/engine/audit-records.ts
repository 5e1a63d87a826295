import type { HistoryAction } from '@config-service/core';
import { auditChangesJson } from '../rules/audit-changes';
import type { Actor } from '../rules/access-policy';
import type { AuditEntityType } from '../wire/schemas';
import type { AuditRecord } from './audit-record';
import type { StoredEntry, StoredSchema } from './config-store';

/*
 * What each audited action records. Values of secret entries never go into `changes`: the
 * audit log is read by admins who may not be meant to see them, and it is kept for long.
 */

function record(actor: Actor, action: string, entityType: AuditEntityType, entityId: string, changes: string | null, at: Date): AuditRecord {
  return { action, entityType, entityId, userId: actor.name, changesJson: changes, requestId: actor.requestId, at };
}

/** `plainValueJson` is the value in clear, used only when the entry is not secret. */
export function configChangeAudit(actor: Actor, action: HistoryAction, entry: StoredEntry, plainValueJson: string | null, fromVersion: number | null): AuditRecord {
  const changes = auditChangesJson({
    version: entry.version,
    previousVersion: fromVersion,
    revision: entry.revision,
    secret: entry.secret,
    deleted: action === 'deleted',
    valueJson: plainValueJson,
    metadataJson: entry.metadataJson,
    keyId: actor.keyId,
  });
  return record(actor, action, 'config', `${entry.namespace}/${entry.key}`, changes, entry.updatedAt);
}

export function apiKeyAudit(actor: Actor, action: 'created' | 'deleted' | 'token_issued', keyId: string, details: Record<string, unknown>, at: Date): AuditRecord {
  return record(actor, action, 'apikey', keyId, JSON.stringify({ ...details, key_id: actor.keyId }), at);
}

export function secretsAudit(actor: Actor, action: 'rotated', details: Record<string, unknown>, at: Date): AuditRecord {
  return record(actor, action, 'secrets', 'encryption-key', JSON.stringify(details), at);
}

/** A schema change: its versions, never the schema itself (it may be large; GET has it). */
export function schemaChangeAudit(actor: Actor, action: 'schema_updated' | 'schema_deleted', schema: StoredSchema, previousVersion: number | null): AuditRecord {
  const changes = JSON.stringify({ schema_version: action === 'schema_deleted' ? null : schema.version, previous_schema_version: previousVersion, key_id: actor.keyId });
  return record(actor, action, 'config', `${schema.namespace}/${schema.key}`, changes, schema.updatedAt);
}

/** The facts of one config change that its audit row records. */
export interface AuditChanges {
  version: number;
  /** The version that was live before, or null when the key was absent or deleted. */
  previousVersion: number | null;
  revision: number;
  secret: boolean;
  deleted: boolean;
  /** The value's JSON text in clear; never written for a secret entry. */
  valueJson: string | null;
  metadataJson: string | null;
  /** The id of the key that acted. */
  keyId: string;
}

/**
 * The `changes` JSON of a config change's audit row, the same from the server and the mock.
 * A secret's value never goes in: the audit log is read by admins who may not be meant to see
 * it, and it is kept for long.
 */
export function auditChangesJson(change: AuditChanges): string {
  const value = change.deleted ? 'null' : change.secret ? '"[secret]"' : (change.valueJson ?? 'null');
  return (
    `{"version":${change.version},"previous_version":${change.previousVersion ?? 'null'},"revision":${change.revision},` +
    `"secret":${change.secret},"value":${value},"metadata":${change.deleted ? 'null' : (change.metadataJson ?? 'null')},"key_id":${JSON.stringify(change.keyId)}}`
  );
}

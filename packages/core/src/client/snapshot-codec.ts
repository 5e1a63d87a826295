import { z } from 'zod';
import type { StoredNamespace } from './entry-store';
import { jsonCodec, type JsonCodec } from './json-codec';

export const SNAPSHOT_FORMAT = 'config-service-snapshot';
export const SNAPSHOT_FORMAT_VERSION = 1;

/** The synced state as it is written between processes (a file, localStorage). */
export interface ConfigSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  format_version: typeof SNAPSHOT_FORMAT_VERSION;
  saved_at: string;
  base_url: string;
  /** Every change up to this revision is in the snapshot: the watch resumes `since` it. */
  revision: number;
  namespaces: Record<string, StoredNamespace>;
}

// The entries as the server answered them; the request/response schemas live with the server's
// rules in @config-service/contract, which no SDK imports.
const SnapshotEntrySchema = z.object({
  namespace: z.string(),
  key: z.string(),
  value: z.unknown(),
  version: z.number().int(),
  revision: z.number().int(),
  secret: z.boolean(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  updated_by: z.string(),
});

const SnapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  format_version: z.literal(SNAPSHOT_FORMAT_VERSION),
  saved_at: z.string(),
  base_url: z.string(),
  revision: z.number().int().min(0),
  namespaces: z.record(
    z.string(),
    z.object({ entries: z.array(SnapshotEntrySchema), known: z.record(z.string(), z.number().int().min(0)) }),
  ),
});

/** A snapshot that cannot be used: unreadable, truncated, corrupt, or for another server. */
export class SnapshotError extends Error {
  override readonly name = 'SnapshotError';
  /** Where the snapshot lives (a file path, a localStorage key). */
  readonly location: string;

  constructor(message: string, location: string, options?: { cause?: unknown }) {
    super(message, options);
    this.location = location;
  }
}

export function encodeSnapshot(snapshot: ConfigSnapshot, json: JsonCodec = jsonCodec()): string {
  return json.stringify(snapshot);
}

/** Parses and checks a stored snapshot; every way it can be wrong is a `SnapshotError` that says which. */
export function decodeSnapshot(text: string, location: string, baseUrl: string, json: JsonCodec = jsonCodec()): ConfigSnapshot {
  let parsed: unknown;
  try {
    parsed = json.parse(text);
  } catch (error) {
    const hint = text.trim() === '' ? 'it is empty' : `it is not valid JSON (truncated or corrupt: ${(error as Error).message})`;
    throw new SnapshotError(`the snapshot at ${location} cannot be used: ${hint}. It is replaced after the next successful sync.`, location, { cause: error });
  }
  const result = SnapshotSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unknown shape';
    throw new SnapshotError(`the snapshot at ${location} cannot be used: it is not a config-service snapshot of format ${SNAPSHOT_FORMAT_VERSION} (${where})`, location, {
      cause: result.error,
    });
  }
  const snapshot = result.data as ConfigSnapshot;
  if (normaliseUrl(snapshot.base_url) !== normaliseUrl(baseUrl)) {
    throw new SnapshotError(
      `the snapshot at ${location} was saved from ${snapshot.base_url}, not ${baseUrl}: its revisions mean nothing to this server. Delete it or point \`snapshot\` elsewhere.`,
      location,
    );
  }
  return snapshot;
}

function normaliseUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

import type { StoredNamespace } from './entry-store';
import { snapshotProblem } from './snapshot-shape';
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
  const problem = snapshotProblem(parsed, SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION);
  if (problem !== undefined) {
    throw new SnapshotError(`the snapshot at ${location} cannot be used: it is not a config-service snapshot of format ${SNAPSHOT_FORMAT_VERSION} (${problem})`, location);
  }
  const snapshot = parsed as ConfigSnapshot;
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

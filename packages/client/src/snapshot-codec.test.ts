import { describe, expect, it } from 'vitest';
import { SNAPSHOT_FORMAT, SNAPSHOT_FORMAT_VERSION, SnapshotError, decodeSnapshot, encodeSnapshot, type ConfigSnapshot } from './snapshot-codec';

const at = '2026-01-01T00:00:00.000Z';
const snapshot: ConfigSnapshot = {
  format: SNAPSHOT_FORMAT,
  format_version: SNAPSHOT_FORMAT_VERSION,
  saved_at: at,
  base_url: 'http://localhost:8080',
  revision: 42,
  namespaces: {
    payments: {
      entries: [{ namespace: 'payments', key: 'a', value: { n: 1 }, version: 2, revision: 40, secret: false, metadata: null, created_at: at, updated_at: at, updated_by: 'x' }],
      known: { a: 42, gone: 41 },
    },
  },
};

function decodeError(text: string, baseUrl = 'http://localhost:8080'): SnapshotError {
  try {
    decodeSnapshot(text, '/tmp/snap.json', baseUrl);
  } catch (error) {
    expect(error).toBeInstanceOf(SnapshotError);
    return error as SnapshotError;
  }
  throw new Error('expected a SnapshotError');
}

describe('snapshot codec', () => {
  it('round-trips', () => {
    expect(decodeSnapshot(encodeSnapshot(snapshot), 'x', 'http://localhost:8080/')).toEqual(snapshot);
  });

  it('says a truncated snapshot is truncated or corrupt, and where it is', () => {
    const text = encodeSnapshot(snapshot);
    const error = decodeError(text.slice(0, text.length / 2));
    expect(error.message).toMatch(/\/tmp\/snap\.json/);
    expect(error.message).toMatch(/truncated or corrupt/);
    expect(error.location).toBe('/tmp/snap.json');
    expect(error.cause).toBeDefined();
  });

  it('says an empty file is empty', () => {
    expect(decodeError('').message).toMatch(/it is empty/);
  });

  it('names the part of a well-formed file that is wrong', () => {
    const bad = JSON.parse(encodeSnapshot(snapshot));
    bad.namespaces.payments.entries[0].version = 'two';
    expect(decodeError(JSON.stringify(bad)).message).toMatch(/namespaces\.payments\.entries\.0\.version/);
    expect(decodeError('{"hello":"world"}').message).toMatch(/not a config-service snapshot/);
  });

  it('refuses a snapshot of another server, whose revisions mean nothing here', () => {
    expect(decodeError(encodeSnapshot(snapshot), 'http://elsewhere:8080').message).toMatch(/saved from http:\/\/localhost:8080/);
  });
});

import type { SealedTable, SealedValueStore } from '../storage/sealed-value-store';
import type { AesGcmValueCodec } from './aes-gcm-value-codec';

export interface RotationProgress {
  table: SealedTable;
  scanned: number;
  total: number;
  resealed: number;
}

export interface RotationOptions {
  /** Rows per transaction. @default 100 */
  batchSize?: number;
  /** Pause between batches, to spare a busy database. @default 0 */
  pauseMs?: number;
  onProgress?: (progress: RotationProgress) => void;
}

export interface RotationResult {
  resealed: number;
  alreadyCurrent: number;
}

const TABLES: SealedTable[] = ['configurations', 'configuration_history'];

/**
 * Re-encrypts every secret value (entries and their history) under the current key. Each batch
 * commits on its own and a row is rewritten only if unchanged since it was read, so the command
 * can be stopped at any point (even SIGKILL) and run again: every row is always readable with
 * the current or the previous key, and a second run finishes what the first began.
 */
export async function rotateSecrets(store: SealedValueStore, codec: AesGcmValueCodec, options: RotationOptions = {}): Promise<RotationResult> {
  const batchSize = options.batchSize ?? 100;
  const result: RotationResult = { resealed: 0, alreadyCurrent: 0 };
  for (const table of TABLES) {
    const total = await store.count(table);
    let scanned = 0;
    let afterId = 0;
    for (;;) {
      const rows = await store.page(table, afterId, batchSize);
      if (rows.length === 0) break;
      const replacements = [];
      for (const row of rows) {
        if (codec.keyIdOf(row.valueJson) === codec.currentKeyId) {
          result.alreadyCurrent++;
          continue;
        }
        replacements.push({ id: row.id, from: row.valueJson, to: codec.seal(codec.open(row.valueJson, true), true) });
      }
      if (replacements.length > 0) result.resealed += await store.replace(table, replacements);
      scanned += rows.length;
      afterId = rows[rows.length - 1]!.id;
      options.onProgress?.({ table, scanned, total, resealed: result.resealed });
      if (options.pauseMs) await new Promise((done) => setTimeout(done, options.pauseMs));
    }
  }
  return result;
}

import { SYSTEM_ACTOR, secretsAudit } from '@config-service/contract';
import { SingleBar, Presets } from 'cli-progress';
import { readServerConfig } from '../config/server-config';
import { openDatabase } from '../storage/open-database';
import { SealedValueStore } from '../storage/sealed-value-store';
import { MikroAuditStore } from '../storage/mikro-audit-store';
import { loadEncryptionKeyring } from '../secrets/encryption-keys';
import { AesGcmValueCodec } from '../secrets/aes-gcm-value-codec';
import { rotateSecrets } from '../secrets/rotate-secrets';

export interface RotateOptions {
  batchSize: number;
  pauseMs: number;
}

/**
 * `config-service secrets rotate`: re-encrypts every secret value with
 * CONFIG_SERVICE_ENCRYPTION_KEY, opening old ones with CONFIG_SERVICE_ENCRYPTION_KEY_PREVIOUS.
 * Safe to interrupt and run again.
 */
export async function rotateSecretsCommand(options: RotateOptions): Promise<void> {
  const config = readServerConfig(process.env);
  const keyring = loadEncryptionKeyring({ currentBase64: config.encryptionKey, previousBase64: config.previousEncryptionKey, dataDir: config.dataDir });
  const codec = new AesGcmValueCodec(keyring);
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const bar = new SingleBar(
    { format: 'rotating {table} [{bar}] {value}/{total} rows, {resealed} re-encrypted', noTTYOutput: true, notTTYSchedule: 250, stream: process.stderr },
    Presets.shades_classic,
  );
  let currentTable = '';
  try {
    process.stderr.write(`re-encrypting secret values with key ${keyring.current.id} (${db.kind} at ${db.location})\n`);
    const result = await rotateSecrets(new SealedValueStore(db), codec, {
      batchSize: options.batchSize,
      pauseMs: options.pauseMs,
      onProgress: (p) => {
        if (p.table !== currentTable) {
          if (currentTable) bar.stop();
          currentTable = p.table;
          bar.start(p.total, 0, { table: p.table, resealed: p.resealed });
        }
        bar.update(p.scanned, { table: p.table, resealed: p.resealed });
      },
    });
    if (currentTable) bar.stop();
    await new MikroAuditStore(db).append(
      secretsAudit(SYSTEM_ACTOR, 'rotated', { key_id: keyring.current.id, resealed: result.resealed, already_current: result.alreadyCurrent }, new Date()),
    );
    process.stdout.write(`done: ${result.resealed} values re-encrypted, ${result.alreadyCurrent} already under key ${keyring.current.id}\n`);
  } finally {
    bar.stop();
    await db.close();
  }
}

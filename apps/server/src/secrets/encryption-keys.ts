import { createHash, randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import { readOrCreateSecretFile } from './secret-file';

export interface EncryptionKey {
  /** Stored beside each ciphertext, so the right key is found after a rotation. */
  id: string;
  material: Buffer;
}

export interface EncryptionKeyring {
  current: EncryptionKey;
  /** Every key that may open a stored value: the current one and the one being rotated out. */
  byId: Map<string, EncryptionKey>;
}

export interface KeyringOptions {
  currentBase64?: string | undefined;
  previousBase64?: string | undefined;
  dataDir: string;
}

/** AES-256 keys from CONFIG_SERVICE_ENCRYPTION_KEY(_PREVIOUS), or a generated key file. */
export function loadEncryptionKeyring(options: KeyringOptions): EncryptionKeyring {
  const fromEnv = options.currentBase64 !== undefined;
  const currentText = options.currentBase64 ?? readOrCreateSecretFile(join(resolve(options.dataDir), 'encryption-key'), () => randomBytes(32).toString('base64'));
  const current = toKey(currentText, fromEnv ? 'CONFIG_SERVICE_ENCRYPTION_KEY' : 'the encryption-key file');
  const byId = new Map([[current.id, current]]);
  if (options.previousBase64 !== undefined) {
    const previous = toKey(options.previousBase64, 'CONFIG_SERVICE_ENCRYPTION_KEY_PREVIOUS');
    byId.set(previous.id, previous);
  }
  return { current, byId };
}

function toKey(base64: string, where: string): EncryptionKey {
  const material = Buffer.from(base64.trim(), 'base64');
  if (material.length !== 32) throw new Error(`${where} must be 32 bytes in base64 (openssl rand -base64 32); it decodes to ${material.length} bytes`);
  // The id is a digest of the key, not the key: it only says which key sealed a value.
  const id = createHash('sha256').update(material).digest('hex').slice(0, 16);
  return { id, material };
}

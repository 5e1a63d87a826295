import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { InternalError } from '@config-service/core';
import type { ValueCodec } from '@config-service/contract';
import type { EncryptionKeyring } from './encryption-keys';

/** A sealed value as stored: still JSON, so it fits the same jsonb column. */
interface Envelope {
  $enc: 'aes-256-gcm';
  kid: string;
  iv: string;
  ct: string;
  tag: string;
}

/**
 * Seals secret values with AES-256-GCM: a random 96-bit nonce per value, the key id beside the
 * ciphertext. Non-secret values pass through untouched.
 */
export class AesGcmValueCodec implements ValueCodec {
  constructor(private readonly keyring: EncryptionKeyring) {}

  seal(valueJson: string, secret: boolean): string {
    if (!secret) return valueJson;
    const { id, material } = this.keyring.current;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', material, iv);
    const ct = Buffer.concat([cipher.update(valueJson, 'utf8'), cipher.final()]);
    const envelope: Envelope = { $enc: 'aes-256-gcm', kid: id, iv: iv.toString('base64'), ct: ct.toString('base64'), tag: cipher.getAuthTag().toString('base64') };
    return JSON.stringify(envelope);
  }

  open(storedJson: string, secret: boolean): string {
    if (!secret) return storedJson;
    const envelope = parseEnvelope(storedJson);
    const key = this.keyring.byId.get(envelope.kid);
    if (!key) {
      throw new InternalError(
        `a secret value is sealed with encryption key ${envelope.kid}, which is not configured (set it as CONFIG_SERVICE_ENCRYPTION_KEY_PREVIOUS and run \`config-service secrets rotate\`)`,
      );
    }
    const decipher = createDecipheriv('aes-256-gcm', key.material, Buffer.from(envelope.iv, 'base64'));
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(envelope.ct, 'base64')), decipher.final()]).toString('utf8');
    } catch (error) {
      throw new InternalError('a secret value failed authentication: it was altered or sealed with another key', { cause: error });
    }
  }

  /** The id of the key that sealed a stored secret value. */
  keyIdOf(storedJson: string): string {
    return parseEnvelope(storedJson).kid;
  }

  get currentKeyId(): string {
    return this.keyring.current.id;
  }
}

function parseEnvelope(storedJson: string): Envelope {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storedJson);
  } catch (error) {
    throw new InternalError('a stored secret value is not a sealed envelope', { cause: error });
  }
  const envelope = parsed as Partial<Envelope>;
  if (envelope?.$enc !== 'aes-256-gcm' || typeof envelope.kid !== 'string' || typeof envelope.iv !== 'string' || typeof envelope.ct !== 'string' || typeof envelope.tag !== 'string') {
    throw new InternalError('a stored secret value is not a sealed envelope');
  }
  return envelope as Envelope;
}

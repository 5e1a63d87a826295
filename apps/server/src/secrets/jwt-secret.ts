import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { ServerConfig } from '../config/server-config';
import { readOrCreateSecretFile } from './secret-file';

/**
 * The token signing secret: CONFIG_SERVICE_JWT_SECRET, or a file generated in the data dir for
 * the embedded default. Replicas must share it, so with several replicas set the variable.
 */
export function loadJwtSecret(config: Pick<ServerConfig, 'jwtSecret' | 'dataDir'>): string {
  return config.jwtSecret ?? readOrCreateSecretFile(join(resolve(config.dataDir), 'jwt-secret'), () => randomBytes(48).toString('base64url'));
}

import type { IncomingMessage } from 'node:http';
import { hashApiKey } from '../services/key-material';
import { headerOf } from './pipeline';

/** The last credential seen on each connection, and its digest. */
const lastOnSocket = new WeakMap<object, { presented: string; digest: string }>();

/**
 * The SHA-256 of the credential a request presents (`X-API-Key`, else `Authorization`), as
 * keys are stored (hashApiKey): what the request limit counts by, and for a key, what the key
 * is looked up by. A kept-alive connection sends the same credential with every request, so
 * the digest is worked out once per connection and credential instead of twice per request.
 */
export function credentialDigest(req: IncomingMessage): string | undefined {
  const presented = headerOf(req, 'x-api-key') ?? headerOf(req, 'authorization');
  if (!presented) return undefined;
  const last = lastOnSocket.get(req.socket);
  if (last && last.presented === presented) return last.digest;
  const digest = hashApiKey(presented);
  lastOnSocket.set(req.socket, { presented, digest });
  return digest;
}

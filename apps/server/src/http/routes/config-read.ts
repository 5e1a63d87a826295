import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULT_NAMESPACE, KeyNameSchema, NamespaceQuerySchema, assertAllowed, etagFor, notModified, validate } from '@config-service/core';
import type { ConfigService } from '../../services/config-service';
import { headerOf } from '../pipeline';
import { principalIn, responseContext } from '../request-context';
import { entryJson } from '../wire-format';
import { sendJson } from '../send';

/** Reads one entry for a request whose key (from the path) and query are already taken apart. */
export type EntryReader = (req: IncomingMessage, res: ServerResponse, key: unknown, query: unknown) => Promise<void>;

/**
 * `GET /configs/{key}`: the entry with its ETag, or 304 when If-None-Match already names that
 * version. On node's request and response, so Express's route and the fast read path share it.
 */
export function entryReader(configs: ConfigService): EntryReader {
  return async (req, res, key, query) => {
    const name = validate(KeyNameSchema, key, 'path');
    const namespace = validate(NamespaceQuerySchema, query, 'query').namespace ?? DEFAULT_NAMESPACE;
    assertAllowed(principalIn(responseContext(res)), 'reader', namespace);
    const entry = await configs.get(namespace, name);
    const etag = etagFor(entry.version);
    if (notModified((header) => headerOf(req, header), entry.version)) {
      res.statusCode = 304;
      res.setHeader('ETag', etag);
      res.end();
      return;
    }
    sendJson(res, 200, entryJson(entry), { ETag: etag });
  };
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation } from '@config-service/contract';
import { operationRequest, sendResult } from './config-routes';

/** Reads one entry for a request whose key (from the path) and query are already taken apart. */
export type EntryReader = (req: IncomingMessage, res: ServerResponse, key: string, query: unknown) => Promise<void>;

/**
 * `GET /configs/{key}` for the fast read path: the contract's `read` operation (the one the
 * Express route serves too) on node's request and response.
 */
export function entryReader(read: Operation): EntryReader {
  return async (req, res, key, query) => sendResult(res, await read(operationRequest(req, res, { key }, query)));
}

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Operation, OperationResult } from '@config-service/contract';
import { operationRequest } from './config-routes';
import { responseContext } from '../request-context';
import { withRequestFacts } from '../../logging/request-facts';

/** Reads one entry for a request whose key (from the path) and query are already taken apart; the answer to send. */
export type EntryReader = (req: IncomingMessage, res: ServerResponse, key: string, query: unknown) => Promise<OperationResult>;

/**
 * `GET /configs/{key}` for the fast read path: the contract's `read` operation (the one the
 * Express route serves too) on node's request and response.
 */
export function entryReader(read: Operation): EntryReader {
  return (req, res, key, query) => {
    try {
      return withRequestFacts(responseContext(res), () => read(operationRequest(req, res, { key }, query)));
    } catch (error) {
      // No principal (a step let it through without one): refused the way the operation's own errors are.
      return Promise.reject(error);
    }
  };
}

import type { Principal } from '../rules/access-policy';
import type { HeaderReader } from '../rules/conditional-headers';

/** One request as an operation sees it, whatever carried it (Express, node:http, MSW's Fetch). */
export interface OperationRequest {
  /** Path parameters, percent-decoded. */
  params: Readonly<Record<string, unknown>>;
  /** The query as Node's querystring parses it: a repeated name becomes a list. */
  query: unknown;
  /** The parsed (lossless) JSON body, for operations that take one. */
  body?: unknown;
  header: HeaderReader;
  /** The authenticated caller. */
  principal: Principal;
  requestId: string | null;
}

/** What an operation answers; `body` is JSON text already serialised, null for none. */
export interface OperationResult {
  status: number;
  body: string | null;
  headers: Record<string, string>;
}

export type Operation = (request: OperationRequest) => Promise<OperationResult>;

export type OperationMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** Where an operation is served, relative to `/api/v1`, in the order routes must be matched. */
export type OperationRoute<Name extends string = string> = {
  method: OperationMethod;
  /** Express-style, e.g. `/configs/:key/history`. */
  path: string;
  operation: Name;
} & (
  | { body: false }
  | {
      /** The adapter reads a JSON body (415/413/400), after `authorize`. */
      body: true;
      /**
       * The caller's role check, run on the request before its body is read (the request has no
       * body yet): a caller who may not write costs no read or parse. The operation checks again.
       */
      authorize: (request: OperationRequest) => void;
    }
);

export function json(status: number, body: string, headers: Record<string, string> = {}): OperationResult {
  return { status, body, headers };
}

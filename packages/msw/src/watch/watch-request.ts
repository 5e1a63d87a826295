import { z } from 'zod';
import { KeyNameSchema, NamespaceNameSchema, canAccessNamespace, validate, type Principal } from '@config-service/core';
import type { CommittedChange } from '../store/stored-types';

/** What a watch asked for, from `?namespace=&key=&prefix=&since=&access_token=`. */
export interface WatchRequest {
  /** Empty: every namespace the caller may read. */
  namespaces: string[];
  key: string | undefined;
  prefix: string | undefined;
  /** Replay every matching change with a revision above this first. */
  since: number | undefined;
  accessToken: string | undefined;
}

// The server's rules for the watch query: unknown or repeated parameters (but `namespace`) are a 400.
const WatchQuerySchema = z.strictObject({
  namespace: z.array(NamespaceNameSchema).max(100).optional(),
  key: KeyNameSchema.optional(),
  prefix: z.string().min(1).max(255).optional(),
  since: z
    .string()
    .regex(/^\d{1,15}$/, 'must be a revision: a non-negative integer')
    .transform(Number)
    .optional(),
  access_token: z.string().max(8192).optional(),
});

/** Reads the watch URL's query; throws 400 `validation_failed` for anything malformed or unknown. */
export function readWatchRequest(url: URL): WatchRequest {
  const search = url.searchParams;
  const input: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    input[name] = name === 'namespace' || values.length > 1 ? values : (values[0] ?? '');
  }
  const query = validate(WatchQuerySchema, input, 'query');
  return {
    namespaces: [...new Set(query.namespace ?? [])],
    key: query.key,
    prefix: query.prefix,
    since: query.since,
    accessToken: query.access_token,
  };
}

/** The requested namespaces the caller may not read (each makes the watch 4003). */
export function forbiddenNamespaces(request: WatchRequest, principal: Principal): string[] {
  return request.namespaces.filter((namespace) => !canAccessNamespace(principal, namespace));
}

/** Whether a change is one this watch sends: its filters, within what the caller may read. */
export function watchMatches(request: WatchRequest, principal: Principal, change: CommittedChange): boolean {
  const namespaceOk = request.namespaces.length > 0 ? request.namespaces.includes(change.namespace) : canAccessNamespace(principal, change.namespace);
  if (!namespaceOk) return false;
  if (request.key !== undefined && change.key !== request.key) return false;
  if (request.prefix !== undefined && !change.key.startsWith(request.prefix)) return false;
  return true;
}

import { z } from 'zod';
import { KeyNameSchema, NamespaceNameSchema } from '../wire/schemas';
import { canAccessNamespace, type Principal } from './access-policy';
import { validate } from './validate';

/** What a watch asked for, from `?namespace=&key=&prefix=&since=&access_token=`. */
export interface WatchQuery {
  /** Empty: every namespace the caller may read. */
  namespaces: string[];
  key: string | undefined;
  prefix: string | undefined;
  /** Replay every matching change with a revision above this first. */
  since: number | undefined;
  accessToken: string | undefined;
}

// Unknown or repeated parameters (but `namespace`, which repeats) are a 400.
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

/** Reads a watch URL's query; throws 400 `validation_failed` for anything malformed or unknown. */
export function parseWatchQuery(search: URLSearchParams): WatchQuery {
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
export function forbiddenNamespaces(query: Pick<WatchQuery, 'namespaces'>, principal: Principal): string[] {
  return query.namespaces.filter((namespace) => !canAccessNamespace(principal, namespace));
}

/** Whether a change is one this watch sends: its filters, within what the caller may read. */
export function watchMatches(query: Pick<WatchQuery, 'namespaces' | 'key' | 'prefix'>, principal: Principal, change: { namespace: string; key: string }): boolean {
  const namespaceOk = query.namespaces.length > 0 ? query.namespaces.includes(change.namespace) : canAccessNamespace(principal, change.namespace);
  if (!namespaceOk) return false;
  if (query.key !== undefined && change.key !== query.key) return false;
  if (query.prefix !== undefined && !change.key.startsWith(query.prefix)) return false;
  return true;
}

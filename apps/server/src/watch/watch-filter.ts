import { z } from 'zod';
import { KeyNameSchema, NamespaceNameSchema, canAccessNamespace, validate, type Principal } from '@config-service/core';
import type { CommittedChange } from '../events/change-feed';

/** The query of `WS /ws/v1/configs/updates`, as sent. */
export interface WatchQuery {
  namespaces: string[];
  key: string | undefined;
  prefix: string | undefined;
  since: number | undefined;
  accessToken: string | undefined;
}

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

/** Reads the query string; 400 `validation_failed` for anything malformed or unknown. */
export function parseWatchQuery(search: URLSearchParams): WatchQuery {
  const input: Record<string, string | string[]> = {};
  for (const name of new Set(search.keys())) {
    const values = search.getAll(name);
    if (name === 'namespace') input[name] = values;
    else if (values.length > 1) input[name] = values; // a repeated scalar fails validation
    else input[name] = values[0] ?? '';
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

/** Which changes one watcher gets: its filters, within what its key may read. */
export class WatchFilter {
  private readonly namespaces: ReadonlySet<string> | null;
  private readonly key: string | undefined;
  private readonly prefix: string | undefined;

  constructor(
    private readonly principal: Principal,
    query: Pick<WatchQuery, 'namespaces' | 'key' | 'prefix'>,
  ) {
    this.namespaces = query.namespaces.length > 0 ? new Set(query.namespaces) : null;
    this.key = query.key;
    this.prefix = query.prefix;
  }

  /** The requested namespaces this key may not read (each makes the watch 4003). */
  forbiddenNamespaces(): string[] {
    return this.namespaces ? [...this.namespaces].filter((ns) => !canAccessNamespace(this.principal, ns)) : [];
  }

  matches(change: CommittedChange): boolean {
    if (this.namespaces ? !this.namespaces.has(change.namespace) : !canAccessNamespace(this.principal, change.namespace)) return false;
    if (this.key !== undefined && change.key !== this.key) return false;
    if (this.prefix !== undefined && !change.key.startsWith(this.prefix)) return false;
    return true;
  }
}

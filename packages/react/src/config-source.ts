import { warnOnce } from './development';
import type { ChangeListener, ClientStatus, JsonValue, ReadOptions, StatusListener, SubscriptionTarget } from '@config-service/core';

/**
 * What the hooks read: a live `ConfigClient` (from @config-service/browser, or
 * @config-service/node when rendering on the server) fits it as it is.
 */
export interface ConfigSource {
  readonly defaultNamespace: string;
  readonly status: ClientStatus;
  get(key: string, options?: ReadOptions): JsonValue | undefined;
  getAll(namespace?: string): Readonly<Record<string, JsonValue>>;
  subscribe(target: SubscriptionTarget, listener: ChangeListener): () => void;
  onStatusChange(listener: StatusListener): () => void;
}

/** Values rendered on the server: `{ [namespace]: { [key]: value } }`. */
export type InitialValues = Readonly<Record<string, Readonly<Record<string, JsonValue>>>>;

const EMPTY: Readonly<Record<string, JsonValue>> = Object.freeze({});
const noop = () => () => {};

/**
 * The namespace hooks read when they name none: the `namespace` prop; else, with
 * `initialValues`, its only namespace (the server has no client, so the rule must not need
 * one for server and browser to agree); else the client's default; else `default`.
 */
export function resolveNamespace(namespace: string | undefined, initialValues: InitialValues | undefined, clientNamespace: string | undefined): string {
  if (namespace !== undefined) return namespace;
  if (initialValues) {
    const names = Object.keys(initialValues);
    if (names.length === 1) return names[0]!;
    if (names.length > 1 && !names.includes('default')) {
      warnOnce(`initialValues has several namespaces (${names.join(', ')}) and none is "default": pass \`namespace\` to <ConfigProvider> (the same on the server and in the browser) to say which one hooks read`);
    }
    return 'default';
  }
  return clientNamespace ?? 'default';
}

/** A source that only serves fixed values (status `stale`): the server side of SSR, or a client-less page. */
export function createStaticSource(values: InitialValues, defaultNamespace = 'default'): ConfigSource {
  const known = (namespace: string): Readonly<Record<string, JsonValue>> | undefined => {
    const found = values[namespace];
    if (!found) {
      warnOnce(
        `rendering defaults: initialValues has no namespace "${namespace}" (it has ${Object.keys(values).map((n) => `"${n}"`).join(', ') || 'none'}). Put the values under "${namespace}", or pass namespace="…" to <ConfigProvider> or the hook`,
      );
    }
    return found;
  };
  return {
    defaultNamespace,
    status: 'stale',
    get: (key, options) => known(options?.namespace ?? defaultNamespace)?.[key],
    getAll: (namespace = defaultNamespace) => known(namespace) ?? EMPTY,
    subscribe: noop,
    onStatusChange: noop,
  };
}

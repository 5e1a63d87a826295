import type { ChangeListener, ClientStatus, ReadOptions, StatusListener, SubscriptionTarget } from '@config-service/client';
import type { JsonValue } from '@config-service/core';

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

/** A source that only serves fixed values (status `stale`): the server side of SSR, or a client-less page. */
export function createStaticSource(values: InitialValues, defaultNamespace = 'default'): ConfigSource {
  return {
    defaultNamespace,
    status: 'stale',
    get: (key, options) => values[options?.namespace ?? defaultNamespace]?.[key],
    getAll: (namespace = defaultNamespace) => values[namespace] ?? EMPTY,
    subscribe: noop,
    onStatusChange: noop,
  };
}

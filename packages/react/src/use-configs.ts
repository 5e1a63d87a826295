import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { JsonValue } from '@config-service/core';
import { useConfigContext } from './config-context';

export interface UseConfigsOptions {
  /** @default the provider's namespace (see `ConfigProvider`'s `namespace`) */
  namespace?: string;
  /** Only keys that start with this. */
  prefix?: string;
}

type Values = Readonly<Record<string, JsonValue>>;

/**
 * Keeps the last answer while the selected keys are unchanged, so that a change elsewhere in
 * the namespace neither re-renders nor trips useSyncExternalStore's "snapshot not cached" check.
 */
function prefixSelector(prefix: string): (all: Values) => Values {
  let lastAll: Values | undefined;
  let last: Values = Object.freeze({});
  return (all) => {
    if (!prefix || all === lastAll) return prefix ? last : all;
    lastAll = all;
    const next: Record<string, JsonValue> = {};
    for (const key of Object.keys(all)) if (key.startsWith(prefix)) next[key] = all[key];
    const keys = Object.keys(next);
    const same = keys.length === Object.keys(last).length && keys.every((key) => Object.is(next[key], last[key]));
    if (!same) last = Object.freeze(next);
    return last;
  };
}

/**
 * Every value of a namespace, or of the keys with a prefix, as `{ [key]: value }`.
 * @example
 * const flags = useConfigs({ namespace: 'web', prefix: 'feature.' });
 */
export function useConfigs(options: UseConfigsOptions = {}): Values {
  const { source, serverSource, namespace: providerNamespace } = useConfigContext('useConfigs');
  const namespace = options.namespace ?? providerNamespace;
  const prefix = options.prefix ?? '';
  const subscribe = useCallback(
    (onChange: () => void) => source.subscribe(prefix ? { prefix, namespace } : { namespace }, onChange),
    [source, prefix, namespace],
  );
  const select = useMemo(() => prefixSelector(prefix), [prefix, source]);
  const selectServer = useMemo(() => prefixSelector(prefix), [prefix, serverSource]);
  return useSyncExternalStore(
    subscribe,
    () => select(source.getAll(namespace)),
    () => selectServer(serverSource.getAll(namespace)),
  );
}

import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { validateValue, type ConfigValueOf, type JsonValue, type SchemaOutput, type TypedNamespace, type UntypedReadOptions, type ValueSchema } from '@config-service/core';
import { useConfigContext } from './config-context';

export interface UseConfigOptions<S extends ValueSchema | undefined = undefined> {
  /** @default the provider's namespace (see `ConfigProvider`'s `namespace`) */
  namespace?: string;
  /** A Standard Schema validator (zod, ...): a bad value throws a `ValidationError` (error boundary). */
  schema?: S;
}

/**
 * One value, re-rendering only when that key changes; `defaultValue` while it is absent.
 * @example
 * const timeout = useConfig('stripe.timeout_ms', 3000, { namespace: 'payments' });
 * // With types from `config-service codegen`, `timeout` has the schema's type, no generic.
 */
export function useConfig<N extends TypedNamespace, K extends string>(key: K, defaultValue: NoInfer<ConfigValueOf<N, K>>, options: { namespace: N }): ConfigValueOf<N, K>;
export function useConfig<S extends ValueSchema>(key: string, defaultValue: SchemaOutput<S>, options: UseConfigOptions<S> & { schema: S }): SchemaOutput<S>;
export function useConfig<T, N extends string = string>(key: string, defaultValue: T, options?: UntypedReadOptions<N> & { schema?: undefined }): T;
export function useConfig<T = JsonValue>(key: string): T | undefined;
export function useConfig(key: string, defaultValue?: unknown, options?: UseConfigOptions<ValueSchema | undefined>): unknown {
  const { source, serverSource, namespace: providerNamespace } = useConfigContext('useConfig');
  const namespace = options?.namespace ?? providerNamespace;
  const subscribe = useCallback((onChange: () => void) => source.subscribe({ key, namespace }, onChange), [source, key, namespace]);
  const value = useSyncExternalStore(
    subscribe,
    () => source.get(key, { namespace }),
    () => serverSource.get(key, { namespace }),
  );
  const schema = options?.schema;
  const checked = useMemo(() => (schema && value !== undefined ? validateValue(schema, value, `${namespace}/${key}`) : value), [schema, value, namespace, key]);
  return checked === undefined ? defaultValue : checked;
}

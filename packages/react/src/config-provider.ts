import { createElement, useMemo, type ReactNode } from 'react';
import type { ConfigClient } from '@config-service/client';
import { ConfigContext, type ConfigContextValue } from './config-context';
import { createStaticSource, type InitialValues } from './config-source';
import { ConfigContextError } from './config-context-error';

export interface ConfigProviderProps {
  /** A live client (`createClient` from @config-service/browser). */
  client?: ConfigClient;
  /**
   * Values rendered on the server, `{ [namespace]: { [key]: value } }`. Give the same object on
   * the server and to the browser: hydration reads them, then the client's live values take over.
   */
  initialValues?: InitialValues;
  children?: ReactNode;
}

/**
 * Makes a client (or server-rendered values) available to the hooks below it.
 * @example
 * <ConfigProvider client={client}><App /></ConfigProvider>
 */
export function ConfigProvider({ client, initialValues, children }: ConfigProviderProps) {
  const value = useMemo<ConfigContextValue>(() => {
    if (!client && !initialValues) throw new ConfigContextError('<ConfigProvider> needs a `client`, `initialValues`, or both');
    // Until its first sync the client serves what the server rendered (keys it knows win).
    if (client && initialValues) client.hydrate(initialValues);
    const rendered = initialValues ? createStaticSource(initialValues, client?.defaultNamespace) : undefined;
    const source = client ?? rendered!;
    return { source, serverSource: rendered ?? source, client };
  }, [client, initialValues]);
  return createElement(ConfigContext.Provider, { value }, children);
}

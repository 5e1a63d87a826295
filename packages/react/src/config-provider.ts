import { createElement, useMemo, type ReactNode } from 'react';
import type { ConfigClient } from '@config-service/core';
import { ConfigContext, type ConfigContextValue } from './config-context';
import { createStaticSource, resolveNamespace, type InitialValues } from './config-source';
import { ConfigContextError } from './config-context-error';

export interface ConfigProviderProps {
  /** A live client (`createClient` from @config-service/browser). */
  client?: ConfigClient;
  /**
   * Values rendered on the server, `{ [namespace]: { [key]: value } }`. Give the same object on
   * the server and to the browser: hydration reads them, then the client's live values take over.
   */
  initialValues?: InitialValues;
  /**
   * The namespace hooks read when they name none. Give the same on the server and in the browser.
   * @default the only namespace of `initialValues`; else the client's `defaultNamespace`; else `'default'`
   */
  namespace?: string;
  children?: ReactNode;
}

/**
 * Makes a client (or server-rendered values) available to the hooks below it.
 * @example
 * // server: renderToString(<ConfigProvider initialValues={{ web: values }}><App /></ConfigProvider>)
 * // browser: hydrateRoot(root, <ConfigProvider client={client} initialValues={{ web: values }}><App /></ConfigProvider>)
 * <ConfigProvider client={client}><App /></ConfigProvider>
 */
export function ConfigProvider({ client, initialValues, namespace, children }: ConfigProviderProps) {
  const value = useMemo<ConfigContextValue>(() => {
    if (!client && !initialValues) throw new ConfigContextError('<ConfigProvider> needs a `client`, `initialValues`, or both');
    // Until its first sync the client serves what the server rendered (keys it knows win).
    if (client && initialValues) client.hydrate(initialValues);
    const resolved = resolveNamespace(namespace, initialValues, client?.defaultNamespace);
    const rendered = initialValues ? createStaticSource(initialValues, resolved) : undefined;
    const source = client ?? rendered!;
    return { source, serverSource: rendered ?? source, client, namespace: resolved };
  }, [client, initialValues, namespace]);
  return createElement(ConfigContext.Provider, { value }, children);
}

import { createContext, useContext } from 'react';
import type { ConfigClient } from '@config-service/core';
import type { ConfigSource } from './config-source';
import { ConfigContextError } from './config-context-error';

export interface ConfigContextValue {
  /** What components read after hydration. */
  source: ConfigSource;
  /** What the server rendered from, and so what hydration must read. */
  serverSource: ConfigSource;
  client: ConfigClient | undefined;
  /** The namespace hooks read when they name none (see `resolveNamespace`). */
  namespace: string;
}

export const ConfigContext = createContext<ConfigContextValue | null>(null);

export function useConfigContext(hook: string): ConfigContextValue {
  const context = useContext(ConfigContext);
  if (!context) throw new ConfigContextError(`${hook} must be used inside <ConfigProvider>: wrap your app in <ConfigProvider client={client}>`);
  return context;
}

import type { ConfigClient } from '@config-service/client';
import { useConfigContext } from './config-context';
import { ConfigContextError } from './config-context-error';

/**
 * The provider's client, for writes (`set`, `delete`, `rollback`) and history.
 * @example
 * const client = useConfigClient();
 * await client.set('banner', 'Hello', { ifVersion: entry.version });
 */
export function useConfigClient(): ConfigClient {
  const { client } = useConfigContext('useConfigClient');
  if (!client) throw new ConfigContextError('useConfigClient needs <ConfigProvider client={...}>: this provider only has initialValues');
  return client;
}

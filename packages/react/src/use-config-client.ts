import type { ConfigClient } from '@config-service/core';
import { useConfigContext } from './config-context';

/**
 * The provider's client, for writes (`set`, `delete`, `rollback`) and history.
 * @example
 * const client = useConfigClient();
 * await client.set('banner', 'Hello', { ifVersion: entry.version });
 */
export function useConfigClient(): ConfigClient {
  const { client } = useConfigContext('useConfigClient');
  if (!client) throw new Error('useConfigClient needs <ConfigProvider client={...}>: this provider only has initialValues');
  return client;
}

import { useCallback, useSyncExternalStore } from 'react';
import type { ClientStatus } from '@config-service/client';
import { useConfigContext } from './config-context';

/**
 * The client's status: `initializing`, `ready`, `stale` (serving what it has while the server
 * cannot be reached) or `closed`.
 * @example
 * const status = useConfigStatus(); // show a "reconnecting" badge when it is 'stale'
 */
export function useConfigStatus(): ClientStatus {
  const { source, serverSource } = useConfigContext('useConfigStatus');
  const subscribe = useCallback((onChange: () => void) => source.onStatusChange(onChange), [source]);
  return useSyncExternalStore(subscribe, () => source.status, () => serverSource.status);
}

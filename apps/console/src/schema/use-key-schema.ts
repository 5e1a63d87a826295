import { useEffect, useState } from 'react';
import { useConfigClient } from '@config-service/react';
import type { KeySchema } from '../session/sdk';

/**
 * The key's JSON Schema, read once when the key is shown (undefined while loading, when the key
 * has none, or when it cannot be read: the server checks every write all the same). Boolean
 * schemas are left to the server: `true` allows anything, and `false` nothing.
 */
export function useKeySchema(namespace: string, key: string | undefined): KeySchema | undefined {
  const client = useConfigClient();
  const [found, setFound] = useState<KeySchema>();
  useEffect(() => {
    setFound(undefined);
    if (!key) return;
    let current = true;
    client.fetchSchema(key, { namespace }).then(
      (schema) => current && setFound(schema && typeof schema.schema === 'object' && schema.schema !== null ? schema : undefined),
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [client, namespace, key]);
  return found;
}

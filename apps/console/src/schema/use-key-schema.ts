import { useEffect, useState } from 'react';
import { useConfigClient } from '@config-service/react';
import type { KeySchema } from '../session/sdk';

/**
 * The key's JSON Schema, read when the key is shown and again on `reload()` (undefined while
 * loading, when the key has none, or when it cannot be read: the server checks every write all
 * the same). Boolean schemas are left to the server: `true` allows anything, `false` nothing.
 */
export function useKeySchema(namespace: string, key: string | undefined): [KeySchema | undefined, reload: () => void] {
  const client = useConfigClient();
  const [found, setFound] = useState<KeySchema>();
  const [reads, setReads] = useState(0);
  useEffect(() => {
    if (!key) return setFound(undefined);
    let wanted = true;
    client.fetchSchema(key, { namespace }).then(
      (schema) => wanted && setFound(schema && typeof schema.schema === 'object' && schema.schema !== null ? schema : undefined),
      () => undefined,
    );
    return () => {
      wanted = false;
    };
  }, [client, namespace, key, reads]);
  // Until the answer for another key arrives, the schema of the previous one does not apply.
  const current = found && found.key === key && found.namespace === namespace ? found : undefined;
  return [current, () => setReads((count) => count + 1)];
}

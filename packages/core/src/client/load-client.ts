import { UnavailableError } from '../errors/errors';
import type { ConfigClient } from './config-client';
import { describeCause } from './config-http-api';

/**
 * Waits until a started client can serve: in sync with the server, or, once an attempt to
 * reach the server has failed, from its snapshot (status `stale`, it keeps trying). Fails
 * (and closes the client) when neither happens within `timeoutMs`, or at once when the server
 * refuses the credential or a namespace (with that typed error, not an `UnavailableError`).
 */
export function loadClient(client: ConfigClient, timeoutMs: number): Promise<ConfigClient> {
  return new Promise<ConfigClient>((resolve, reject) => {
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stopStatus();
      stopErrors();
      if (!error) return resolve(client);
      void client.close();
      reject(error);
    };
    const check = () => {
      if (client.status === 'ready') return finish();
      if (client.status === 'closed') return finish(failure(client, 'the client was closed', timeoutMs));
      // A permanent failure (a refused key, a forbidden namespace) is the caller's to fix:
      // its own typed error, at once, even with a snapshot to serve.
      if (client.fatalError !== undefined) return finish(client.fatalError as Error);
      if (client.status === 'stale' && client.lastError !== undefined) finish();
    };
    const stopStatus = client.onStatusChange(check);
    const stopErrors = client.onError(() => queueMicrotask(check));
    const timer = setTimeout(() => {
      if (client.status === 'stale') finish();
      else finish(failure(client, `no answer within ${timeoutMs} ms`, timeoutMs));
    }, timeoutMs);
    check();
  });
}

function failure(client: ConfigClient, what: string, timeoutMs: number): UnavailableError {
  const reason = client.lastError === undefined ? what : `${what} (last error: ${describeCause(client.lastError)})`;
  const snapshot = client.snapshotError ? `; the snapshot could not be used: ${client.snapshotError.message}` : '; there is no snapshot to start from';
  return new UnavailableError(`could not load configuration from ${client.baseUrl} in ${timeoutMs} ms: ${reason}${snapshot}`, {
    cause: client.lastError ?? client.snapshotError,
  });
}

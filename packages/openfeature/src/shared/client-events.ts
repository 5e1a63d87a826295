import type { LiveClient } from './live-client';

/** What a provider announces; each SDK maps these to its own event enum. */
export interface ClientEventSink {
  ready(): void;
  stale(message: string): void;
  error(message: string): void;
  changed(keys: string[]): void;
}

/**
 * Follows a client: status changes become READY / STALE, a permanent failure ERROR, and
 * changes CONFIGURATION_CHANGED with the keys that changed (changes of one turn batched into
 * one event). Returns the function that stops following.
 */
export interface ClientFollower {
  /** The SDK does not see the provider as ready (initialisation failed): the next sync announces READY. */
  degrade(): void;
  stop(): void;
}

export function followClient(client: LiveClient, sink: ClientEventSink): ClientFollower {
  let pending: Set<string> | undefined;
  const flush = () => {
    const keys = [...(pending ?? [])].sort();
    pending = undefined;
    if (keys.length > 0) sink.changed(keys);
  };
  const stops = client.namespaces.map((namespace) =>
    client.subscribe({ namespace }, (change) => {
      if (!pending) {
        pending = new Set();
        queueMicrotask(flush);
      }
      pending.add(change.key);
    }),
  );
  let degraded = false;
  stops.push(
    client.onStatusChange((status) => {
      if (status === 'stale') {
        degraded = true;
        sink.stale('the config-service server cannot be reached: serving the last values known');
      } else if (status === 'ready' && degraded) {
        degraded = false;
        sink.ready();
      }
    }),
    client.onError(() => {
      if (client.fatalError !== undefined) sink.error(`the config-service client stopped: ${(client.fatalError as Error)?.message ?? String(client.fatalError)}`);
    }),
  );
  return {
    degrade: () => {
      degraded = true;
    },
    stop: () => {
      for (const stop of stops) stop();
    },
  };
}

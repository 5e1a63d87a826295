import { standardTimers, type ClientPlatform, type WebSocketLike } from '@config-service/client';
import type { ChangeEvent, ConfigEntry } from '@config-service/core';

/**
 * For the hooks' unit tests: a real ConfigClient over an in-memory transport (listings by
 * fetch, changes pushed as watch frames), so that each test decides when a change arrives.
 * The real-server tests live in packages/tests.
 */
export function createFakeTransport(initial: Record<string, Record<string, unknown>>) {
  let revision = 0;
  const entries = new Map<string, ConfigEntry>();
  const sockets = new Set<WebSocketLike>();
  const at = '2026-01-01T00:00:00.000Z';
  const put = (namespace: string, key: string, value: unknown): ConfigEntry => {
    const previous = entries.get(`${namespace}/${key}`);
    const entry: ConfigEntry = {
      namespace, key, value, version: (previous?.version ?? 0) + 1, revision: ++revision,
      secret: false, metadata: null, created_at: at, updated_at: at, updated_by: 'test',
    };
    entries.set(`${namespace}/${key}`, entry);
    return entry;
  };
  for (const [namespace, values] of Object.entries(initial)) for (const [key, value] of Object.entries(values)) put(namespace, key, value);

  const send = (socket: WebSocketLike, frame: unknown) => socket.onmessage?.({ data: JSON.stringify(frame) });

  const platform: ClientPlatform = {
    fetch: () => async (input) => {
      const url = new URL(String(input));
      const namespace = decodeURIComponent(/\/configs\/namespace\/([^/]+)$/.exec(url.pathname)?.[1] ?? '');
      const items = [...entries.values()].filter((entry) => entry.namespace === namespace).sort((a, b) => (a.key < b.key ? -1 : 1));
      return new Response(JSON.stringify({ namespace, revision, items, next_cursor: null }), { headers: { 'content-type': 'application/json' } });
    },
    createWebSocket: () => {
      const socket: WebSocketLike = {
        readyState: 1, onopen: null, onmessage: null, onclose: null, onerror: null,
        close: () => void sockets.delete(socket),
      };
      sockets.add(socket);
      queueMicrotask(() => {
        socket.onopen?.({});
        send(socket, { type: 'ready', revision });
      });
      return socket;
    },
    webSocketHeaders: true,
    timers: standardTimers,
  };

  return {
    platform,
    /** Commits a change and pushes it to every open watch. */
    change(namespace: string, key: string, value: unknown): void {
      const entry = put(namespace, key, value);
      const event: ChangeEvent = {
        type: 'change', revision: entry.revision, action: entry.version === 1 ? 'created' : 'updated', namespace, key,
        version: entry.version, value, secret: false, updated_by: 'test', updated_at: at,
      };
      for (const socket of sockets) send(socket, event);
    },
  };
}

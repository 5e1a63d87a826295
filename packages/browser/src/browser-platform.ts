import IsomorphicWebSocket from 'isomorphic-ws';
import { standardTimers, type ClientPlatform, type WebSocketLike } from '@config-service/client';

/**
 * Browsers: fetch and the global WebSocket, both looked up when used (so that MSW, which
 * patches them after the app loads, is seen); isomorphic-ws where there is no global
 * WebSocket (Node during server-side rendering). A browser WebSocket cannot send headers,
 * so the access token goes in the `access_token` query parameter.
 */
export const browserPlatform: ClientPlatform = {
  fetch: () => globalThis.fetch,
  createWebSocket: (url) => {
    const Global = (globalThis as unknown as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
    return Global ? new Global(url) : (new IsomorphicWebSocket(url) as unknown as WebSocketLike);
  },
  webSocketHeaders: false,
  timers: standardTimers,
};

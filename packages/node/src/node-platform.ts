import WebSocket from 'ws';
import { ValidationError, type ClientPlatform, type WebSocketLike } from '@config-service/core';

/** Node: global fetch, the `ws` package (which can send the API key as a header). */
export const nodePlatform: ClientPlatform = {
  fetch: () => globalThis.fetch,
  createWebSocket: (url, headers) => new WebSocket(url, { headers }) as unknown as WebSocketLike,
  webSocketHeaders: true,
};

/**
 * Node with the global WebSocket (Node 22+, or 20 with --experimental-websocket), looked up on
 * use: what MSW intercepts, so a service can be tested against @config-service/msw. It sends no
 * headers, so the watch authenticates with an access token, as in a browser.
 */
export const globalWebSocketPlatform: ClientPlatform = {
  fetch: () => globalThis.fetch,
  createWebSocket: (url) => {
    const Global = (globalThis as unknown as { WebSocket?: new (url: string) => WebSocketLike }).WebSocket;
    // Permanent: ready() and loadConfig reject with it instead of retrying forever.
    if (!Global) throw new ValidationError("webSocket: 'global' needs a global WebSocket (Node 22+, or node --experimental-websocket): use webSocket: 'ws' (the default) on Node 20");
    return new Global(url);
  },
  webSocketHeaders: false,
};

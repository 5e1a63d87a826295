import WebSocket from 'ws';
import type { ClientPlatform, WebSocketLike } from '@config-service/core';

/** Node: global fetch, the `ws` package (which can send the API key as a header). */
export const nodePlatform: ClientPlatform = {
  fetch: () => globalThis.fetch,
  createWebSocket: (url, headers) => new WebSocket(url, { headers }) as unknown as WebSocketLike,
  webSocketHeaders: true,
};

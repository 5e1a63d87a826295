import { ws, type WebSocketHandler } from 'msw';
import type { WatchHub } from '../watch/watch-hub';
import { HANDSHAKE_REFUSED } from '../watch/watch-session';

/** The part of MSW's client connection's socket used here (public on MSW's class, not on its protocol type). */
interface InterceptedSocket {
  readyState: number;
  addEventListener(type: 'open', listener: () => void, options?: { once?: boolean }): void;
}

const CONNECTING = 0;

/**
 * The MSW adapter for the watch: `ws.link` on the watch URL, each connection handed to the
 * hub. MSW intercepts the global `WebSocket` class only: on Node 20 run with
 * `--experimental-websocket` (Node 22+ has it on by default).
 */
export function configWatchHandler(hub: WatchHub, watchUrl: string): WebSocketHandler {
  return ws.link(watchUrl).addEventListener('connection', ({ client }) => {
    const socket = (client as unknown as { socket?: InterceptedSocket }).socket;
    const close = hub.open({
      url: client.url,
      send: (text) => client.send(text),
      close: (code, reason) => {
        // The server refuses a malformed request before the upgrade (the socket never opens),
        // and sends 4001/4003/4010 after it: MSW sends frames once the socket is open, so a
        // close made during the handshake waits for that, else the error frame would be lost.
        if (code === HANDSHAKE_REFUSED) client.close(code, reason);
        else if (socket?.readyState === CONNECTING) socket.addEventListener('open', () => client.close(code, reason), { once: true });
        // MSW delivers a sent frame in a microtask and drops it once the close has begun: the
        // error frame sent just before goes first.
        else queueMicrotask(() => client.close(code, reason));
      },
    });
    client.addEventListener('close', close);
  });
}

import { WebSocket } from 'ws';
import type { WatchSession } from './watch-session';

/**
 * The WebSocket of a watch (ws makes it, given as its `WebSocket` class): it carries its
 * session, so that every socket shares the same listener functions instead of closures of its
 * own; with 10,000 watchers, per-socket closures and their scopes are a good part of the memory.
 */
export class WatchSocket extends WebSocket {
  session: WatchSession | undefined = undefined;
}

/** ws emits `error` before `close` on a protocol error; the close is what ends the session. */
export function ignoreError(): void {}

/** The listeners of every watch socket (`this` is the socket). */
export function onWatchSocketClose(this: WebSocket, code: number): void {
  (this as WatchSocket).session?.closed(code);
}

export function onWatchSocketPong(this: WebSocket): void {
  const session = (this as WatchSocket).session;
  if (session) session.alive = true;
}

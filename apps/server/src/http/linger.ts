import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * How long a refused request's sender gets to finish sending and read the answer, and how long
 * it may pause while sending: nginx's lingering_time and lingering_timeout defaults.
 */
const LINGER_MS = 30_000;
const LINGER_IDLE_MS = 5_000;

/**
 * For a response sent before its request's body was read (refused on its headers, or past the
 * size limit): once the answer is out, the rest of the body is taken in and discarded unread,
 * then the connection is used again as any other. Closing at once would reset a connection the
 * client is still sending on, and a reset can discard the answer before the client reads it:
 * Node's own fetch reads nothing until it has sent the whole body. The discarding is bounded in
 * time, not in bytes (a byte bound reset that client's 100 MB body): at most LINGER_MS in all,
 * and LINGER_IDLE_MS without a byte, then the socket is destroyed.
 */
export function lingerAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  res.once('finish', () => {
    if (req.complete) return;
    const socket = req.socket;
    const stop = () => socket.destroy();
    const total = setTimeout(stop, LINGER_MS).unref();
    const idle = setTimeout(stop, LINGER_IDLE_MS).unref();
    const done = () => {
      clearTimeout(total);
      clearTimeout(idle);
    };
    req.on('data', () => idle.refresh());
    req.once('end', done);
    socket.once('close', done);
    req.resume();
  });
}

import type { IncomingMessage, ServerResponse } from 'node:http';

export interface LingerBounds {
  /** How long in all a refused request's sender gets to finish sending and read the answer. */
  totalMs: number;
  /** How long it may pause while sending. */
  idleMs: number;
  /**
   * How many connections of this process may linger at once; past it, a refused connection is
   * closed as soon as its answer is out (its sender may then see a reset instead).
   */
  maxConnections: number;
}

/**
 * nginx's lingering_time and lingering_timeout defaults. nginx bounds the connections that
 * linger by its worker_connections; here a bound of their own, so that clients refused on
 * purpose (no key, rate limited) cannot keep the server reading their bodies on many
 * connections at line rate.
 */
const DEFAULT_BOUNDS: LingerBounds = { totalMs: 30_000, idleMs: 5_000, maxConnections: 128 };

/** Connections lingering now, in this process. */
let lingering = 0;

/**
 * Call before answering a request whose body was not read to its end (refused on its headers,
 * or past the size limit). Once the answer is out, the rest of the body is taken in and
 * discarded unread, and the connection is then used again as any other. Closing at once would
 * reset a connection the client is still sending on, and a reset can discard the answer before
 * the client reads it: Node's own fetch goes on sending a streamed body well past the answer.
 * The discarding is bounded in time, not in bytes (a 16 MiB bound reset that client's 100 MB
 * body): `totalMs` in all and `idleMs` without a byte, then the socket is destroyed.
 *
 * At most `maxConnections` linger at once.
 *
 * A connection that closes after this answer anyway (the client sent `Connection: close`, or
 * the server is shutting down) is closed by Node as soon as the answer is out; a client still
 * sending on it may see a reset.
 */
export function lingerAfterAnswer(req: IncomingMessage, res: ServerResponse, bounds: LingerBounds = DEFAULT_BOUNDS): void {
  if (req.complete) return;
  let idle: NodeJS.Timeout | undefined;
  // Listening now, before the answer: Node would otherwise dump an unread body once the answer
  // is out, and a dumped body emits no 'data' to keep the idle bound from firing.
  const onData = () => idle?.refresh();
  req.on('data', onData);
  res.once('finish', () => {
    const socket = req.socket;
    // Read to its end, or the socket already gone (the client reset it; its 'close' may be
    // past): nothing to take in.
    if (req.complete || socket.destroyed) return req.off('data', onData);
    const stop = () => socket.destroy();
    if (lingering >= bounds.maxConnections) {
      req.off('data', onData);
      return stop();
    }
    lingering += 1;
    const total = setTimeout(stop, bounds.totalMs).unref();
    idle = setTimeout(stop, bounds.idleMs).unref();
    // The socket may carry more requests after this one: nothing of this one stays on it.
    const done = () => {
      lingering -= 1;
      clearTimeout(total);
      clearTimeout(idle);
      req.off('data', onData);
      req.off('end', done);
      socket.off('close', done);
    };
    req.once('end', done);
    socket.once('close', done);
    req.resume();
  });
}

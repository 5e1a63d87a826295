import type { IncomingMessage, ServerResponse } from 'node:http';

/** How long, and how many more body bytes, a refused request's sender gets to see the answer and stop. */
const LINGER_MS = 1000;
const LINGER_BYTES = 16 * 1024 * 1024;

/**
 * For a response sent before its request's body was read (refused on its headers, or past the
 * size limit): once the answer is out, the rest of the body is discarded unread for at most
 * LINGER_MS / LINGER_BYTES, then the socket is destroyed. Closing at once would reset the
 * connection while the client is still sending, and a reset can discard the answer before the
 * client reads it; draining without a bound would let a client keep the server reading forever.
 */
export function lingerAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
  if (req.complete) return;
  res.once('finish', () => {
    if (req.complete) return;
    const socket = req.socket;
    let discarded = 0;
    const timer = setTimeout(() => socket.destroy(), LINGER_MS);
    timer.unref();
    req.on('data', (chunk: Buffer) => {
      discarded += chunk.length;
      if (discarded > LINGER_BYTES) socket.destroy();
    });
    req.once('end', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
    req.resume();
  });
}

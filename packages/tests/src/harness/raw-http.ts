import { connect } from 'node:net';

export interface StreamedBodyResult {
  /** The status line's code, or 0 when the server closed without answering. */
  status: number;
  /** The response head and body as received. */
  response: string;
  /** Body bytes the client got to write before the answer arrived or the server closed. */
  bytesWritten: number;
  /** Milliseconds from the first byte sent to the answer. */
  ms: number;
  /** The socket's error code (ECONNRESET, EPIPE, …) when it failed, so a missing answer says why. */
  error?: string;
}

export interface StreamedBodyOptions {
  method: string;
  path: string;
  headers?: Record<string, string>;
  /** Total body size to offer. */
  bodyBytes: number;
  /** Send `Content-Length` (true) or stream it chunked (false). */
  declareLength: boolean;
  /** The body is `prefix`, then filler bytes ('a'), then `suffix`: e.g. a JSON string of `bodyBytes`. */
  prefix?: string;
  suffix?: string;
}

/**
 * Offers a large body over a raw socket and counts how much of it the server let in: writing
 * stops as soon as a response arrives or the socket closes. What the kernel buffers is counted
 * as written, so this is an upper bound on what the server read.
 *
 * Like curl, it looks for an answer between the pieces it sends: each piece is followed by a
 * turn of the event loop. Writing in one synchronous loop while the kernel accepts would not
 * read the answer until the server stopped draining, and a server that drains a refused body
 * only for a while then resets the connection, with the unread answer lost on this side.
 */
export function streamBody(baseUrl: string, options: StreamedBodyOptions): Promise<StreamedBodyResult> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const filler = Buffer.alloc(64 * 1024, 0x61);
    const prefix = Buffer.from(options.prefix ?? '');
    const suffix = Buffer.from(options.suffix ?? '');
    // The piece of the body at [offset, offset + length): prefix, filler, then suffix at the end.
    const pieceAt = (offset: number): Buffer => {
      if (offset < prefix.length) return prefix.subarray(offset);
      const fillerEnd = options.bodyBytes - suffix.length;
      if (offset < fillerEnd) return filler.subarray(0, Math.min(filler.length, fillerEnd - offset));
      return suffix.subarray(offset - fillerEnd);
    };
    let response = '';
    let answered = false;
    let closed = false;
    let bytesWritten = 0;
    let error: string | undefined;
    const started = performance.now();
    let answeredAt = 0;
    const finish = () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0);
      resolve({ status, response, bytesWritten, ms: (answeredAt || performance.now()) - started, ...(error ? { error } : {}) });
    };
    socket.on('data', (data) => {
      response += data.toString('latin1');
      if (!answered) answeredAt = performance.now();
      answered = true;
    });
    socket.on('error', (failure: NodeJS.ErrnoException) => {
      error = failure.code ?? failure.message;
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    const headers = {
      host: url.host,
      'content-type': 'application/json',
      ...(options.declareLength ? { 'content-length': String(options.bodyBytes) } : { 'transfer-encoding': 'chunked' }),
      ...options.headers,
    };
    const head = `${options.method} ${options.path} HTTP/1.1\r\n${Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`;
    socket.write(head);
    const pump = () => {
      if (!answered && !closed && bytesWritten < options.bodyBytes) {
        const piece = pieceAt(bytesWritten);
        bytesWritten += piece.length;
        const framed = options.declareLength ? piece : Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]);
        if (socket.write(framed)) setImmediate(pump);
        else socket.once('drain', pump);
        return;
      }
      if (answered || closed) {
        socket.end();
        return;
      }
      if (!options.declareLength) socket.write('0\r\n\r\n');
      // The whole body is out: wait for the answer (the close handler resolves).
      socket.end();
    };
    pump();
  });
}

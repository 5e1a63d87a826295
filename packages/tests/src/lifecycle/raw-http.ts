import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 connection written by hand: the test decides when each byte is sent. */
export interface RawConnection {
  socket: Socket;
  write(text: string): void;
  /** The next complete response (status, lower-cased headers, body). */
  response(timeoutMs?: number): Promise<{ status: number; headers: Record<string, string>; body: string }>;
  /** Resolves once the server has closed the connection. */
  ended: Promise<void>;
}

export function openRaw(baseUrl: string): Promise<RawConnection> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let buffer = '';
    let wake: (() => void) | undefined;
    const ended = new Promise<void>((done) => socket.once('close', () => done()));
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      wake?.();
    });
    socket.on('close', () => wake?.());
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({
        socket,
        ended,
        write: (text) => void socket.write(text),
        async response(timeoutMs = 10_000) {
          const until = Date.now() + timeoutMs;
          for (;;) {
            const end = buffer.indexOf('\r\n\r\n');
            if (end >= 0) {
              const [statusLine, ...lines] = buffer.slice(0, end).split('\r\n');
              const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
              const length = Number(headers['content-length'] ?? 0);
              if (buffer.length >= end + 4 + length) {
                const body = buffer.slice(end + 4, end + 4 + length);
                buffer = buffer.slice(end + 4 + length);
                return { status: Number(statusLine!.split(' ')[1]), headers, body };
              }
            }
            if (socket.destroyed || Date.now() > until) throw new Error(`no complete response (${socket.destroyed ? 'closed' : 'timed out'}): ${JSON.stringify(buffer)}`);
            await new Promise<void>((done) => {
              wake = done;
              setTimeout(done, 50);
            });
          }
        },
      }),
    );
  });
}

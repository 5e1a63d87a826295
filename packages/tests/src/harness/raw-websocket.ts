import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

export interface RawWebSocket {
  /** The status code of the handshake's answer (101 when upgraded). */
  status: number;
  /** Milliseconds since the handshake's answer when the server closed the TCP connection. */
  closed: Promise<number>;
  /** Close frame codes and pings the server sent (the client answers neither). */
  closeCodes: number[];
  pings: number;
  socket: Socket;
}

/**
 * A WebSocket client that misbehaves on purpose: it completes the handshake, then reads every
 * frame but never answers a ping or a close. What a vanished or hostile peer looks like.
 */
export function rawWebSocket(baseUrl: string, path: string, headers: Record<string, string> = {}): Promise<RawWebSocket> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname);
    let buffer = Buffer.alloc(0);
    let answeredAt = 0;
    const closeCodes: number[] = [];
    let pings = 0;
    let headDone = false;
    let resolveClosed: (ms: number) => void = () => undefined;
    const closed = new Promise<number>((done) => (resolveClosed = done));
    const result: RawWebSocket = { status: 0, closed, closeCodes, pings: 0, socket };
    socket.on('error', () => undefined);
    socket.on('close', () => {
      resolveClosed(performance.now() - answeredAt);
      if (!headDone) reject(new Error('closed before the handshake was answered'));
    });
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      if (!headDone) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        headDone = true;
        answeredAt = performance.now();
        result.status = Number(/^HTTP\/1\.1 (\d{3})/.exec(buffer.subarray(0, end).toString('latin1'))?.[1] ?? 0);
        buffer = buffer.subarray(end + 4);
        resolve(result);
      }
      // Server frames are unmasked; payloads here are short (< 126 bytes) or 16-bit lengths.
      while (buffer.length >= 2) {
        const opcode = buffer[0]! & 0x0f;
        let length = buffer[1]! & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length);
        if (opcode === 0x8 && payload.length >= 2) closeCodes.push(payload.readUInt16BE(0));
        if (opcode === 0x9) result.pings = ++pings;
        buffer = buffer.subarray(offset + length);
      }
    });
    const head = {
      host: url.host,
      connection: 'Upgrade',
      upgrade: 'websocket',
      'sec-websocket-version': '13',
      'sec-websocket-key': randomBytes(16).toString('base64'),
      ...headers,
    };
    socket.write(`GET ${path} HTTP/1.1\r\n${Object.entries(head).map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`);
  });
}

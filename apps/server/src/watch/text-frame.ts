/**
 * One complete WebSocket text frame, as a server sends it (RFC 6455 §5.2: FIN, opcode 1, no
 * mask): the header and the payload in one buffer, built once per change and written as it is
 * to every watcher's socket. `ws` frames each `send` anew (a header, two writes under cork);
 * it has no public way to send bytes framed once, so the frame is built here.
 */
export function textFrame(payload: Buffer): Buffer {
  const length = payload.length;
  const headerLength = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = 0x81;
  if (length < 126) {
    frame[1] = length;
  } else if (length < 65_536) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(length / 2 ** 32), 2);
    frame.writeUInt32BE(length >>> 0, 6);
  }
  payload.copy(frame, headerLength);
  return frame;
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { textFrame } from './text-frame';

/** Frames written raw to a server socket must read back, through `ws`'s client, as the text sent. */
describe('textFrame', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

  it.each([0, 1, 125, 126, 65_535, 65_536, 300_000])('a %i-byte payload arrives whole, as text', async (size) => {
    const payload = Buffer.from(Array.from({ length: size }, (_, i) => 0x61 + (i % 26)));
    const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
    server = createServer();
    server.on('upgrade', (req, socket, head) => wss.handleUpgrade(req, socket, head, () => socket.write(textFrame(payload))));
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', () => done()));
    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`, { perMessageDeflate: false, maxPayload: 1 << 20 });
    const [data, isBinary] = await new Promise<[Buffer, boolean]>((resolve, reject) => {
      client.once('message', (message: Buffer, binary: boolean) => resolve([message, binary]));
      client.once('error', reject);
    });
    client.terminate();
    wss.close();
    expect(isBinary).toBe(false);
    expect(data.equals(payload)).toBe(true);
  });
});

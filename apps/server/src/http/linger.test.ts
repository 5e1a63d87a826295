import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { lingerAfterAnswer, type LingerBounds } from './linger';

/*
 * A real HTTP server on loopback that refuses every request on its headers (401, body unread),
 * with short bounds, and a raw client that goes on sending the body after the answer. The
 * client sends a piece every 100 ms: the idle bound leaves it 900 ms of slack, so a loaded
 * machine stalling this process's event loop does not look like a sender gone quiet.
 */
const BOUNDS = { totalMs: 2500, idleMs: 1000, maxConnections: 100 };

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((done) => server?.close(done) ?? done(undefined));
  server = undefined;
});

async function refusingServer(bounds: LingerBounds = BOUNDS): Promise<{ port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  server = createServer((req, res) => {
    lingerAfterAnswer(req, res, bounds);
    res.writeHead(401, { 'content-length': '2' }).end('no');
  });
  server.on('connection', (socket) => sockets.push(socket));
  await new Promise<void>((listening) => server!.listen(0, '127.0.0.1', listening));
  return { port: (server.address() as AddressInfo).port, sockets };
}

interface Client {
  socket: Socket;
  received: () => string;
  closedAt: () => number | undefined;
}

function client(port: number): Client {
  const socket = connect(port, '127.0.0.1');
  let received = '';
  let closedAt: number | undefined;
  socket.on('data', (data) => (received += data.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('close', () => (closedAt = performance.now()));
  return { socket, received: () => received, closedAt: () => closedAt };
}

const head = (length: number) => `PUT /x HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n\r\n`;
const pause = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** Sends `pieces` of 1 KiB, one every `everyMs`, while the socket is open. */
async function trickle(socket: Socket, pieces: number, everyMs: number): Promise<void> {
  for (let i = 0; i < pieces && !socket.destroyed; i++) {
    socket.write(Buffer.alloc(1024, 0x61));
    await pause(everyMs);
  }
}

describe('lingerAfterAnswer: a refused body is taken in after the answer, within time bounds', () => {
  it('keeps taking a body that never pauses longer than the idle bound, then cuts it at the total bound', async () => {
    const { port } = await refusingServer();
    const sender = client(port);
    const started = performance.now();
    sender.socket.write(head(1_000_000));
    await trickle(sender.socket, 40, 100);
    expect(sender.received()).toMatch(/^HTTP\/1\.1 401/);
    const closedAfter = (sender.closedAt() ?? Infinity) - started;
    // Open through the idle bound several times over (a piece every 100 ms), closed at the total.
    expect(closedAfter).toBeGreaterThan(BOUNDS.totalMs - 50);
    expect(closedAfter).toBeLessThan(BOUNDS.totalMs + 1000);
  });

  it('closes a connection whose sender stops sending for the idle bound', async () => {
    const { port } = await refusingServer();
    const sender = client(port);
    sender.socket.write(head(1_000_000));
    await trickle(sender.socket, 3, 100);
    const stoppedAt = performance.now();
    await pause(BOUNDS.idleMs + 800);
    expect(sender.received()).toMatch(/^HTTP\/1\.1 401/);
    const closedAt = sender.closedAt();
    expect(closedAt).toBeDefined();
    // At the idle bound after the last piece; the total bound would be about 2.2 s after it.
    expect(closedAt! - stoppedAt).toBeLessThan(BOUNDS.idleMs + 700);
  });

  it('lets at most maxConnections linger at once: past it a refused connection is closed after its answer', async () => {
    const { port } = await refusingServer({ ...BOUNDS, maxConnections: 2 });
    const answered = async (sender: Client) => {
      sender.socket.write(head(1_000_000));
      while (!/^HTTP\/1\.1 401/.test(sender.received())) await pause(5);
    };
    const [first, second, third] = [client(port), client(port), client(port)];
    await answered(first);
    await answered(second);
    await answered(third);
    // All three go on sending; only the third, past the bound, is closed.
    await Promise.all([first, second, third].map((sender) => trickle(sender.socket, 5, 100)));
    expect(third.closedAt()).toBeDefined();
    expect(first.closedAt()).toBeUndefined();
    expect(second.closedAt()).toBeUndefined();
    // Once they are gone, their places are free again.
    first.socket.destroy();
    second.socket.destroy();
    await pause(50);
    const fourth = client(port);
    await answered(fourth);
    await trickle(fourth.socket, 5, 100);
    expect(fourth.closedAt()).toBeUndefined();
    fourth.socket.destroy();
  });

  it('leaves nothing on a kept-alive connection once the refused body is complete', async () => {
    const { port, sockets } = await refusingServer();
    const sender = client(port);
    const body = 'a'.repeat(2048);
    const closeListeners: number[] = [];
    for (let round = 1; round <= 12; round++) {
      // The head, then the body only once the answer is in: the body is incomplete when it goes.
      sender.socket.write(head(body.length));
      while ((sender.received().match(/HTTP\/1\.1 401/g) ?? []).length < round) await pause(5);
      sender.socket.write(body);
      await pause(20);
      closeListeners.push(sockets[0]!.listenerCount('close'));
    }
    expect(sockets).toHaveLength(1);
    expect(sender.closedAt()).toBeUndefined();
    expect(closeListeners.at(-1)).toBe(closeListeners[0]);
    sender.socket.destroy();
  });
});

import { request, type ClientRequest } from 'node:http';
import WebSocket from 'ws';
import { base64 } from './etcd-server';
import { wallClockMs, type OpenWatchers } from './notify-rounds';

/**
 * `count` WebSocket watchers (config-service's watch, or the bare broadcast fixture), opened
 * `batch` at a time; each reports a `change` frame the moment it arrives. Frames are told apart
 * by their type's first letter ({"type":"c…), so the client does no JSON work per frame.
 */
export function webSocketWatchers(urls: (i: number) => string, count: number, headers: Record<string, string> = {}, batch = 500): OpenWatchers {
  return async (arrived) => {
    const sockets: WebSocket[] = [];
    const openOne = (url: string) =>
      new Promise<WebSocket>((resolve, reject) => {
        const socket = new WebSocket(url, { headers, perMessageDeflate: false, skipUTF8Validation: true });
        socket.on('message', (data: Buffer) => {
          const now = wallClockMs();
          if (data[9] === 0x72 /* r: ready */) return resolve(socket);
          if (data[9] === 0x63 /* c: change */) arrived(now);
        });
        socket.once('error', reject);
      });
    try {
      for (let i = 0; i < count; i += batch) {
        sockets.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, (_, j) => openOne(urls(i + j))))));
      }
    } catch (error) {
      for (const socket of sockets) socket.terminate();
      throw error;
    }
    return { count, close: () => sockets.forEach((socket) => socket.terminate()) };
  };
}

/**
 * `count` etcd watchers on `key`, each its own streaming POST /v3/watch on the JSON gateway
 * (one HTTP connection each, as a gateway client has); an `events` message is a change.
 */
export function etcdWatchers(url: string, key: string, count: number, batch = 200): OpenWatchers {
  return async (arrived) => {
    const requests: ClientRequest[] = [];
    const body = JSON.stringify({ create_request: { key: base64(key) } });
    const openOne = () =>
      new Promise<ClientRequest>((resolve, reject) => {
        const req = request(`${url}/v3/watch`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
          res.on('data', (chunk: Buffer) => {
            const now = wallClockMs();
            if (chunk.includes('"events"')) arrived(now);
            else if (chunk.includes('"created":true')) resolve(req);
          });
        });
        req.setNoDelay(true);
        req.on('error', reject);
        req.end(body);
      });
    for (let i = 0; i < count; i += batch) requests.push(...(await Promise.all(Array.from({ length: Math.min(batch, count - i) }, openOne))));
    return { count, close: () => requests.forEach((req) => req.destroy()) };
  };
}

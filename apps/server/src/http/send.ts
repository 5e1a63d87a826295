import type { ServerResponse } from 'node:http';

/** Sends JSON text already serialised (the same headers Express's `res.send` would write). */
export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  sendText(res, status, 'application/json; charset=utf-8', body, headers);
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  res.statusCode = status;
  for (const name in headers) res.setHeader(name, headers[name]!);
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

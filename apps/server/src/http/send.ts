import type { ServerResponse } from 'node:http';
import { writeHead } from './staged-headers';

/** Sends JSON text already serialised (the same headers Express's `res.send` would write). */
export function sendJson(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  sendText(res, status, 'application/json; charset=utf-8', body, headers);
}

export function sendText(res: ServerResponse, status: number, contentType: string, body: string, headers: Record<string, string> = {}): void {
  const own: string[] = [];
  for (const name in headers) own.push(name, headers[name]!);
  own.push('Content-Type', contentType, 'Content-Length', String(Buffer.byteLength(body)));
  writeHead(res, status, own);
  res.end(body);
}

/** An answer without a body (304, 204). */
export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string> = {}): void {
  const own: string[] = [];
  for (const name in headers) own.push(name, headers[name]!);
  writeHead(res, status, own);
  res.end();
}

import type { ServerResponse } from 'node:http';

/*
 * Node's `setHeader` costs about as much per header as the rest of a small answer: each call
 * validates, lower-cases and files the header in a dictionary, and the answer carries a
 * dozen security headers, a request id and the rate-limit pair. `writeHead` with a flat list
 * validates each once and files nothing. The fast read path stages the headers its steps set
 * and its sender writes them all with the answer; everywhere else (Express) they are set at once.
 */

const STAGED = Symbol('staged headers');
type Staging = ServerResponse & { [STAGED]?: string[] | undefined };

/** From now on, `setResponseHeader` on `res` stages its headers for the answer's `writeHead`. */
export function stageHeaders(res: ServerResponse): void {
  (res as Staging)[STAGED] = [];
}

/** A header of the answer: staged when the response stages them, set now otherwise. */
export function setResponseHeader(res: ServerResponse, name: string, value: string): void {
  const staged = (res as Staging)[STAGED];
  if (staged) staged.push(name, value);
  else res.setHeader(name, value);
}

/**
 * Writes the status line and headers: the staged ones, then `own` (name, value, name, value…).
 * Headers set with `setHeader` meanwhile (CORS) are kept, and win over staged ones of the same
 * name as a later `setHeader` would.
 */
export function writeHead(res: ServerResponse, status: number, own: string[]): void {
  const staged = (res as Staging)[STAGED];
  (res as Staging)[STAGED] = undefined;
  if (!staged) return void res.writeHead(status, own);
  if (res.getHeaderNames().length === 0) {
    for (const item of own) staged.push(item);
    res.writeHead(status, staged);
    return;
  }
  for (let i = 0; i < staged.length; i += 2) if (!res.hasHeader(staged[i]!)) res.setHeader(staged[i]!, staged[i + 1]!);
  res.writeHead(status, own);
}

import type { Response } from 'express';

/** Sends JSON text already serialised. */
export function sendJson(res: Response, status: number, body: string, headers: Record<string, string> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.status(status).type('application/json').send(body);
}

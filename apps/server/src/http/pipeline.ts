import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One step of the request pipeline, connect-style, on node's own request and response: Express
 * mounts these as middleware, and the fast read path runs the same functions without Express.
 * A step may return a promise; its rejection is the step's error, as in Express 5.
 */
export type Step = (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => unknown;

/** Runs `steps` in order as Express would, then calls `done` once: with the first error, or none. */
export function runSteps(steps: readonly Step[], req: IncomingMessage, res: ServerResponse, done: (error?: unknown) => void): void {
  let index = 0;
  let finished = false;
  const finish = (error?: unknown) => {
    if (finished) return;
    finished = true;
    done(error);
  };
  const next = (error?: unknown): void => {
    if (finished) return;
    if (error !== undefined && error !== null) return finish(error);
    const step = steps[index++];
    if (!step) return finish();
    try {
      const result = step(req, res, next);
      if (result instanceof Promise) result.catch((failure: unknown) => finish(failure ?? new Error('a pipeline step failed')));
    } catch (failure) {
      finish(failure);
    }
  };
  next();
}

/** A request header as one string (node joins repeated ones), like Express's `req.get`. */
export function headerOf(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

import type { IncomingMessage, RequestListener } from 'node:http';
import type { ParsedUrlQuery } from 'node:querystring';
import type { Logger } from 'pino';
import { runSteps, type Step } from './pipeline';
import { sendProblem } from './error-handler';
import { stageHeaders } from './staged-headers';
import type { EntryReader } from './routes/config-read';
import { sendResult } from './routes/config-routes';
import { plainEntryPath } from './plain-entry-path';

/**
 * The key and query of `GET` (or `HEAD`) `/api/v1/configs/{key}` written plainly; null for
 * every other request, and for spellings of this one that Express's matching also accepts
 * (other letter case, a trailing slash, a key that does not decode), which Express then serves.
 */
export function plainEntryRead(req: IncomingMessage): { key: string; query: Readonly<ParsedUrlQuery> } | null {
  if (req.method !== 'GET' && req.method !== 'HEAD') return null;
  return plainEntryPath(req.url);
}

export interface FastConfigReadOptions {
  /** Everything else. */
  app: RequestListener;
  /** The steps Express runs before this route, in the same order, as the same functions. */
  steps: readonly Step[];
  read: EntryReader;
  logger: Logger;
}

/**
 * The read that every SDK and service makes, served without Express. Express's own cost per
 * request (swapping the prototypes of req and res, walking every router layer) is several
 * times this route's work; here the same pipeline steps run as plain calls, the same route
 * function answers, and errors take the same way out (`sendProblem`). Anything that is not a
 * plain entry read goes to Express untouched.
 */
export function withFastConfigRead(options: FastConfigReadOptions): RequestListener {
  const { app, steps, read, logger } = options;
  return (req, res) => {
    const target = plainEntryRead(req);
    if (!target) return app(req, res);
    stageHeaders(res);
    runSteps(steps, req, res, (error) => {
      if (error) return sendProblem(logger, error, req, res);
      const fail = (failure: unknown) => sendProblem(logger, failure, req, res);
      // One promise for the answer and its failure (each promise costs a hook call per async-context store).
      read(req, res, target.key, target.query).then((result) => {
        try {
          sendResult(res, result);
        } catch (failure) {
          fail(failure);
        }
      }, fail);
    });
  };
}

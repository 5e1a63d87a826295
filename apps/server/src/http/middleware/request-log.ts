import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import type { Step } from '../pipeline';
import { responseContext } from '../request-context';
import { redactedError } from '../../logging/redact-error';

/** One log line per request, tagged with its request id; method and path only. */
export function requestLog(logger: Logger): Step {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => responseContext(res).requestId,
    serializers: {
      err: redactedError,
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
  });
}

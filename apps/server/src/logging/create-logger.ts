import { pino, type Logger } from 'pino';
import { redactedError } from './redact-error';

/**
 * Structured JSON logs. Credentials and values are redacted by path as a second line of
 * defence; the request log already writes only its own fields, never headers, bodies or the
 * query string (which may carry `access_token`). `key` is a config key's name: it stays.
 * Errors lose the SQL and values drivers put in them.
 *
 * Lines go to stdout asynchronously (the write(2) of each request's line, ~10% of a cached
 * read's CPU at LOG_LEVEL=info, no longer holds the event loop); lines logged while a write is
 * under way go out together in the next one, and pino writes what is left when the process exits.
 */
export function createLogger(level: string): Logger {
  return pino(
    {
      level,
      base: { service: 'config-service' },
      serializers: { err: redactedError },
      redact: {
        paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'headers', 'apiKey', 'api_key', 'token', 'access_token', 'value', 'secret', 'body'],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}

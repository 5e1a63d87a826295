import { pino, type Logger } from 'pino';
import { redactedError } from './redact-error';

/**
 * Structured JSON logs. Credentials are redacted by path as a second line of defence; the
 * request serializer already logs only method and path, never headers or the query string
 * (which may carry `access_token`). Errors lose the SQL and values drivers put in them.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'config-service' },
    serializers: { err: redactedError },
    redact: {
      paths: ['req.headers["x-api-key"]', 'req.headers.authorization', 'apiKey', 'key', 'token', 'access_token', 'value'],
      censor: '[redacted]',
    },
  });
}

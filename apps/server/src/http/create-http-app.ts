import type { RequestListener } from 'node:http';
import express from 'express';
import type { Logger } from 'pino';
import { configOperations, type ConfigEngine } from '@config-service/contract';
import type { ApiKeyService } from '../services/api-key-service';
import type { Authenticator } from '../services/authenticator';
import type { HealthService } from '../services/health-service';
import type { TokenService } from '../services/token-service';
import type { AuditService } from '../services/audit-service';
import { requestId } from './middleware/request-id';
import { requestLog } from './middleware/request-log';
import { authenticate } from './middleware/authenticate';
import { apiRateLimit, failedAuthLimit, tokenRateLimit } from './middleware/rate-limits';
import type { RateLimiters } from '../rate-limit/rate-limiters';
import type { FailedAuthLimiter } from '../rate-limit/failed-auth-limiter';
import { refuseNulInUrl } from './middleware/refuse-nul-in-url';
import { corsPolicy, securityHeaders } from './middleware/security-headers';
import { errorHandler, notFoundHandler } from './error-handler';
import { configRoutes } from './routes/config-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { authRoutes } from './routes/auth-routes';
import { credentialRoutes } from './routes/credential-routes';
import { consoleRoutes } from './routes/console-routes';
import { auditRoutes } from './routes/audit-routes';
import { ofrepRoutes } from './routes/ofrep-routes';
import type { OfrepService } from '../services/ofrep-service';
import { healthRoutes } from './routes/health-routes';
import { docsRoutes } from './routes/docs-routes';
import type { ServerMetrics } from '../metrics/server-metrics';
import { metricsMiddleware, metricsRoutes } from '../metrics/metrics-http';
import type { Step } from './pipeline';
import { withFastConfigRead } from './fast-config-read';
import { withFastConfigWrite } from './fast-config-write';
import { entryReader } from './routes/config-read';

export interface HttpAppDependencies {
  logger: Logger;
  configs: ConfigEngine;
  apiKeys: ApiKeyService;
  authenticator: Authenticator;
  tokens: TokenService;
  audit: AuditService;
  health: HealthService;
  ofrep: OfrepService;
  openApiDocument: object;
  rateLimiters: RateLimiters;
  /** Failed authentications per address and key prefix; checked before any credential is looked up. */
  failedAuth: FailedAuthLimiter;
  corsOrigins: string[];
  /** Counts requests when given. */
  metrics?: ServerMetrics;
  /** Serves `GET /metrics` on this listener (false when it has its own port). */
  serveMetrics?: boolean;
  /** When set, `GET /metrics` needs `Authorization: Bearer <token>`. */
  metricsToken?: string | undefined;
}

/**
 * The request pipeline: metrics → request id → log → security headers/CORS → NUL guard →
 * public routes → failed-authentication limit → rate limit → token exchange → authentication →
 * API routes (and OFREP) → 404 → the one error handler.
 * The plain entry read (`GET /api/v1/configs/{key}`) runs the same steps and route function
 * without Express (fast-config-read.ts), as do the plain entry writes (`PUT` and `DELETE`,
 * fast-config-write.ts); everything else is Express.
 */
export function createHttpApp(deps: HttpAppDependencies): RequestListener {
  const front: Step[] = [];
  if (deps.metrics) front.push(metricsMiddleware(deps.metrics));
  front.push(requestId());
  // The access log is written at info; below that level its per-request child logger is pure cost.
  if (deps.logger.isLevelEnabled('info')) front.push(requestLog(deps.logger));
  front.push(securityHeaders());
  front.push(refuseNulInUrl());
  const cors = corsPolicy(deps.corsOrigins);
  if (cors) front.push(cors);
  const authFailures = failedAuthLimit(deps.failedAuth);
  const rateLimit = apiRateLimit(deps.rateLimiters.api);
  const authenticated = authenticate(deps.authenticator);

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);
  for (const step of front) app.use(step);
  app.use(healthRoutes(deps.health));
  app.use(docsRoutes(deps.openApiDocument));
  app.use(consoleRoutes());
  if (deps.metrics && deps.serveMetrics !== false) app.use(metricsRoutes(deps.metrics, deps.metricsToken));

  const api = express.Router();
  api.use(authFailures);
  api.use(rateLimit);
  api.use('/auth/token', tokenRateLimit(deps.rateLimiters.token));
  api.use(authRoutes(deps.authenticator, deps.tokens, deps.audit));
  api.use(authenticated);
  api.use(credentialRoutes());
  const operations = configOperations(deps.configs);
  api.use(configRoutes(operations));
  api.use(apiKeyRoutes(deps.apiKeys));
  api.use(auditRoutes(deps.audit));
  app.use('/api/v1', api);

  // OpenFeature remote evaluation: the same credentials, roles and rate limit as the API.
  const ofrep = express.Router();
  ofrep.use(rateLimit);
  ofrep.use(authenticated);
  ofrep.use(ofrepRoutes(deps.ofrep));
  app.use('/ofrep/v1', ofrep);

  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));

  const steps = [...front, authFailures, rateLimit, authenticated];
  const reads = withFastConfigRead({ app, steps, read: entryReader(operations.read), logger: deps.logger });
  return withFastConfigWrite({ app: reads, steps, operations, logger: deps.logger });
}

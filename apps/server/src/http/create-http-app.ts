import express, { type Express } from 'express';
import type { Logger } from 'pino';
import type { ConfigService } from '../services/config-service';
import type { ApiKeyService } from '../services/api-key-service';
import type { Authenticator } from '../services/authenticator';
import type { HealthService } from '../services/health-service';
import { requestId } from './middleware/request-id';
import { requestLog } from './middleware/request-log';
import { authenticate } from './middleware/authenticate';
import { errorHandler, notFoundHandler } from './error-handler';
import { configRoutes } from './routes/config-routes';
import { namespaceRoutes } from './routes/namespace-routes';
import { apiKeyRoutes } from './routes/api-key-routes';
import { healthRoutes } from './routes/health-routes';
import { docsRoutes } from './routes/docs-routes';

export interface HttpAppDependencies {
  logger: Logger;
  configs: ConfigService;
  apiKeys: ApiKeyService;
  authenticator: Authenticator;
  health: HealthService;
  openApiDocument: object;
}

/**
 * The request pipeline: request id → log → public routes → authentication → API routes →
 * 404 → the one error handler. Later layers (tokens, rate limits) plug in at authentication.
 */
export function createHttpApp(deps: HttpAppDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('trust proxy', false);

  app.use(requestId());
  app.use(requestLog(deps.logger));
  app.use(healthRoutes(deps.health));
  app.use(docsRoutes(deps.openApiDocument));

  const api = express.Router();
  api.use(authenticate(deps.authenticator));
  api.use(configRoutes(deps.configs));
  api.use(namespaceRoutes(deps.configs));
  api.use(apiKeyRoutes(deps.apiKeys));
  app.use('/api/v1', api);

  app.use(notFoundHandler());
  app.use(errorHandler(deps.logger));
  return app;
}

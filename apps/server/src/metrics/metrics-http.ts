import { createHash, timingSafeEqual } from 'node:crypto';
import { UnauthorizedError } from '@config-service/core';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import { errorHandler, notFoundHandler } from '../http/error-handler';
import type { ServerResponse } from 'node:http';
import type { Step } from '../http/pipeline';
import { responseContext } from '../http/request-context';
import type { ServerMetrics } from './server-metrics';

/** Counts every request and times it, by method and status (no paths: they carry user names). */
export function metricsMiddleware(metrics: ServerMetrics): Step {
  // One pair of labelled children per method and status, looked up once: prom-client would
  // otherwise hash the label set on every request.
  const children = new Map<string, { count: { inc(): void }; time: { observe(seconds: number): void } }>();
  const childrenFor = (method: string, status: number) => {
    const name = `${method} ${status}`;
    let found = children.get(name);
    if (!found) {
      const labels = { method, status: String(status) };
      found = { count: metrics.requests.labels(labels), time: metrics.requestDuration.labels(labels) };
      children.set(name, found);
    }
    return found;
  };
  // One listener function for every response (`this` is the response), not a closure each.
  function observe(this: ServerResponse): void {
    const child = childrenFor(this.req.method ?? 'GET', this.statusCode);
    child.count.inc();
    child.time.observe((performance.now() - (responseContext(this).startedAt ?? 0)) / 1000);
  }
  return (_req, res, next) => {
    responseContext(res).startedAt = performance.now();
    res.on('finish', observe);
    next();
  };
}

/**
 * `GET /metrics`: the Prometheus text format. Public unless a token is configured; then only a
 * scraper sending `Authorization: Bearer <token>` gets it (namespace names are in the labels).
 */
export function metricsRoutes(metrics: ServerMetrics, token?: string): Router {
  const router = Router();
  const expected = token ? createHash('sha256').update(token).digest() : undefined;
  router.get('/metrics', async (req, res) => {
    if (expected) {
      const presented = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1] ?? '';
      // Digests of equal length: the comparison takes the same time whatever was sent.
      if (!timingSafeEqual(createHash('sha256').update(presented).digest(), expected)) {
        throw new UnauthorizedError('GET /metrics needs Authorization: Bearer with CONFIG_SERVICE_METRICS_TOKEN');
      }
    }
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.status(200).send(await metrics.registry.metrics());
  });
  return router;
}

/** The listener of `CONFIG_SERVICE_METRICS_PORT`: `GET /metrics` and nothing else. */
export function metricsApp(metrics: ServerMetrics, token: string | undefined, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(metricsRoutes(metrics, token));
  app.use(notFoundHandler());
  app.use(errorHandler(logger));
  return app;
}

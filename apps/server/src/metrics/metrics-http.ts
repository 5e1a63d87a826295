import { Router, type RequestHandler } from 'express';
import type { ServerMetrics } from './server-metrics';

/** Counts every request and times it, by method and status (no paths: they carry user names). */
export function metricsMiddleware(metrics: ServerMetrics): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const labels = { method: req.method, status: String(res.statusCode) };
      metrics.requests.inc(labels);
      metrics.requestDuration.observe(labels, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };
}

/** `GET /metrics`: the Prometheus text format, public like /health. */
export function metricsRoutes(metrics: ServerMetrics): Router {
  const router = Router();
  router.get('/metrics', async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.status(200).send(await metrics.registry.metrics());
  });
  return router;
}

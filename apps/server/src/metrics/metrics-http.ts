import { Router } from 'express';
import type { Step } from '../http/pipeline';
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
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const child = childrenFor(req.method ?? 'GET', res.statusCode);
      child.count.inc();
      child.time.observe(Number(process.hrtime.bigint() - started) / 1e9);
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

import { Router } from 'express';
import type { HealthService } from '../../services/health-service';

/** Public probes: readiness (`/health`, 503 without the database or while draining) and liveness. */
export function healthRoutes(health: HealthService): Router {
  const router = Router();
  router.get('/health', async (_req, res) => {
    const report = await health.check();
    res.status(report.status === 'unavailable' || report.status === 'draining' ? 503 : 200).json(report);
  });
  router.get('/health/live', (_req, res) => {
    res.status(200).json({ status: 'ok' });
  });
  return router;
}

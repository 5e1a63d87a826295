export type CheckState = 'ok' | 'down';

export interface HealthReport {
  /**
   * `degraded`: a cache is down but requests are served (200); `unavailable`: 503;
   * `draining`: 503, the process is shutting down (take it out of the load balancer).
   */
  status: 'ok' | 'degraded' | 'unavailable' | 'draining';
  checks: Record<string, CheckState>;
}

export interface HealthCheck {
  name: string;
  /** A critical check down makes the service unavailable; any other only degrades it. */
  critical: boolean;
  probe(): Promise<void>;
}

/** Runs every registered check with a time limit and sums them up. */
export class HealthService {
  private draining = false;

  constructor(
    private readonly checks: HealthCheck[],
    private readonly timeoutMs = 2000,
  ) {}

  /** From now on every check answers `draining`, without probing anything. */
  startDraining(): void {
    this.draining = true;
  }

  async check(): Promise<HealthReport> {
    if (this.draining) return { status: 'draining', checks: {} };
    const results = await Promise.all(this.checks.map(async (check) => ({ check, ok: await this.probe(check) })));
    const checks: Record<string, CheckState> = {};
    for (const { check, ok } of results) checks[check.name] = ok ? 'ok' : 'down';
    const status = results.some((r) => !r.ok && r.check.critical) ? 'unavailable' : results.some((r) => !r.ok) ? 'degraded' : 'ok';
    return { status, checks };
  }

  private async probe(check: HealthCheck): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        check.probe(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timed out')), this.timeoutMs);
        }),
      ]);
      return true;
    } catch {
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

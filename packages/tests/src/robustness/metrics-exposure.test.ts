import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpClient } from '../harness/http-client';
import { expectProblem } from '../harness/problem-assertions';
import { freePort } from '../harness/free-port';
import { serverTargets, type RunningTarget } from '../harness/targets';

/* /metrics lists only what was written, and can be kept from the public. */

const METRICS_TOKEN = 'robustness-metrics-token-0123456789';

function hitRatioSeries(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('config_cache_hit_ratio{'));
}

describe.each(serverTargets().filter((target) => target.name === 'sqlite'))('metrics exposure ($name)', (target) => {
  let running: RunningTarget;
  beforeAll(async () => {
    running = await target.start({ CONFIG_SERVICE_METRICS_TOKEN: METRICS_TOKEN });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('needs the token for /metrics when CONFIG_SERVICE_METRICS_TOKEN is set', async () => {
    const anonymous = new HttpClient(running.baseUrl, null);
    expectProblem(await anonymous.get('/metrics'), 401, 'unauthorized');
    expectProblem(await anonymous.get('/metrics', { headers: { authorization: 'Bearer not-the-token' } }), 401, 'unauthorized');
    const scraped = await anonymous.get('/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(scraped.text).toContain('config_requests_total');
  });

  it('adds no series for namespaces that were only read, never written', async () => {
    const admin = new HttpClient(running.baseUrl, running.adminKey);
    expect((await admin.put('/api/v1/configs/k?namespace=written', { value: 1 })).status).toBe(201);
    for (let i = 0; i < 3; i++) expect((await admin.get('/api/v1/configs/k?namespace=written')).status).toBe(200);
    for (let i = 0; i < 300; i++) expect((await admin.get(`/api/v1/configs/k?namespace=made-up-${i}`)).status).toBe(404);
    const metrics = await admin.get('/metrics', { key: null, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    const series = hitRatioSeries(metrics.text);
    expect(series.some((line) => line.includes('namespace="written"'))).toBe(true);
    expect(series.filter((line) => line.includes('made-up-'))).toEqual([]);
    expect(metrics.text.length).toBeLessThan(64 * 1024);
  });
});

describe.each(serverTargets().filter((target) => target.name === 'sqlite'))('metrics on their own port ($name)', (target) => {
  let running: RunningTarget;
  let metricsPort: number;
  beforeAll(async () => {
    metricsPort = await freePort();
    running = await target.start({ CONFIG_SERVICE_METRICS_PORT: String(metricsPort) });
  });
  afterAll(async () => {
    await running?.stop();
  });

  it('serves /metrics on CONFIG_SERVICE_METRICS_PORT only', async () => {
    expectProblem(await new HttpClient(running.baseUrl, null).get('/metrics'), 404, 'not_found');
    const scraped = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toContain('config_requests_total');
    // Nothing else is served there.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/api/v1/namespaces`)).status).toBe(404);
  });
});

import autocannon from 'autocannon';

export interface LoadResult {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
}

/**
 * Loads `url` with autocannon from this process (pinned to the load core): a short warm-up,
 * then the measured run. 50 connections keep one server core saturated on loopback.
 */
export async function measureThroughput(
  url: string,
  options: { headers?: Record<string, string>; durationSeconds: number; method?: 'GET' | 'POST'; body?: string },
): Promise<LoadResult> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: 50,
      pipelining: 1,
      duration,
      headers: options.headers ?? {},
      method: options.method ?? 'GET',
      ...(options.body !== undefined ? { body: options.body } : {}),
    });
  await run(2);
  const result = await run(options.durationSeconds);
  return {
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

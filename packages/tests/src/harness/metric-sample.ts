/**
 * The value of one series in a Prometheus text exposition (`GET /metrics`): `series` is the
 * name with its labels as the server prints them, e.g. `config_requests_total{method="GET",status="200"}`.
 * Undefined when the server has not printed that series (yet).
 */
export function metricSample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/**
 * The contract's `/metrics` families in Prometheus text, kept by hand (prom-client is a
 * Node-only library and the mock also runs in browsers). The mock has no cache, so
 * `config_cache_hit_ratio` is declared with no series rather than with a made-up value.
 */
export class RequestMetrics {
  private readonly requests = new Map<string, { method: string; status: number; count: number }>();

  count(method: string, status: number): void {
    const id = `${method} ${status}`;
    const current = this.requests.get(id);
    if (current) current.count += 1;
    else this.requests.set(id, { method, status, count: 1 });
  }

  render(): string {
    const lines = ['# HELP config_requests_total HTTP requests answered, by method and status.', '# TYPE config_requests_total counter'];
    for (const { method, status, count } of this.requests.values()) lines.push(`config_requests_total{method="${method}",status="${status}"} ${count}`);
    lines.push('# HELP config_cache_hit_ratio Share of reads answered from the cache (the mock has none).', '# TYPE config_cache_hit_ratio gauge');
    return `${lines.join('\n')}\n`;
  }
}

import type { RequestFacts } from '../logging/request-facts';

/**
 * Hits and misses of reads of entries that exist, by namespace (what `config_cache_hit_ratio`
 * reports): only written namespaces get a series, and at most `maxNamespaces` of them.
 */
export class CacheStats {
  private readonly byNamespace = new Map<string, { hits: number; misses: number }>();

  constructor(private readonly maxNamespaces = 500) {}

  /** A hit, told to the facts of the request it served (if any). */
  hit(namespace: string, facts?: RequestFacts): void {
    if (facts) facts.cacheHit = true;
    const counts = this.counts(namespace);
    if (counts) counts.hits++;
  }

  miss(namespace: string, facts?: RequestFacts): void {
    if (facts) facts.cacheHit = false;
    const counts = this.counts(namespace);
    if (counts) counts.misses++;
  }

  /** Hits / (hits + misses) for each namespace read so far. */
  ratios(): Map<string, number> {
    const ratios = new Map<string, number>();
    for (const [namespace, { hits, misses }] of this.byNamespace) ratios.set(namespace, hits / (hits + misses));
    return ratios;
  }

  private counts(namespace: string) {
    let counts = this.byNamespace.get(namespace);
    // Namespaces are made by users; past the bound new ones go uncounted rather than grow memory.
    if (!counts && this.byNamespace.size < this.maxNamespaces) {
      counts = { hits: 0, misses: 0 };
      this.byNamespace.set(namespace, counts);
    }
    return counts;
  }
}

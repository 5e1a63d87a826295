import { Counter, Gauge, Histogram, Registry, Summary, collectDefaultMetrics } from 'prom-client';
import type { CacheStats } from '../cache/cache-stats';
import type { BusDelivery } from '../changes/change-bus';
import type { WatchObserver } from '../watch/watch-server';
import { wallClockMs } from '../changes/wall-clock';

const KNOWN_CLOSE_CODES = new Set([1000, 1001, 1005, 1006, 1011, 1013, 4001, 4003, 4008, 4010]);

export interface ServerMetricsOptions {
  cacheStats?: CacheStats;
  /** The hub's head, reported as `config_revision_head`. */
  headRevision?: () => number;
}

/**
 * Every metric of one server, in its own registry (never prom-client's global one, so two
 * servers in one process do not share counters). The names are the README's list.
 */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'method' | 'status'>;
  readonly requestDuration: Histogram<'method' | 'status'>;
  readonly watchersOpen: Gauge;
  readonly watchEventsSent: Counter;
  readonly watchCloses: Counter<'code'>;
  readonly fanoutLag: Histogram;
  readonly notifyLag: Summary;
  readonly writeBatchSize: Histogram;

  constructor(options: ServerMetricsOptions = {}) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'config_requests_total',
      help: 'HTTP requests answered, by method and status code.',
      labelNames: ['method', 'status'],
      registers,
    });
    this.requestDuration = new Histogram({
      name: 'config_request_duration_seconds',
      help: 'Time from a request arriving to its response being sent.',
      labelNames: ['method', 'status'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    });
    const stats = options.cacheStats;
    new Gauge({
      name: 'config_cache_hit_ratio',
      help: 'Share of entry reads served from the cache (in process or Redis) rather than the database, by namespace.',
      labelNames: ['namespace'],
      registers,
      collect() {
        if (!stats) return;
        this.reset();
        for (const [namespace, ratio] of stats.ratios()) this.set({ namespace }, ratio);
      },
    });
    this.watchersOpen = new Gauge({ name: 'config_watchers_open', help: 'Open WebSocket watches.', registers });
    this.watchEventsSent = new Counter({ name: 'config_watch_events_sent_total', help: 'Change events sent to watchers.', registers });
    this.watchCloses = new Counter({
      name: 'config_watch_closes_total',
      help: 'Watches closed, by close code (4008: too slow, 4001: credential gone, 1000/1001/1005/1006: by the client).',
      labelNames: ['code'],
      registers,
    });
    this.fanoutLag = new Histogram({
      name: 'config_fanout_lag_seconds',
      help: "Time from another replica publishing a change to this replica receiving it over the bus.",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.notifyLag = new Summary({
      name: 'config_watch_notify_seconds',
      help: 'Time from a change being committed (on whichever replica) to its frame being written to every matching watcher on this replica; changes that came by bus.',
      percentiles: [0.5, 0.9, 0.99],
      maxAgeSeconds: 600,
      ageBuckets: 5,
      registers,
    });
    this.writeBatchSize = new Histogram({
      name: 'config_write_batch_size',
      help: 'Writes (PUT, DELETE, create, rollback; refused ones too) handled in one database transaction: writes that arrive while one commits share the next (group commit).',
      buckets: [1, 2, 4, 8, 16, 32, 64],
      registers,
    });
    const head = options.headRevision;
    new Gauge({
      name: 'config_revision_head',
      help: 'The latest revision this replica has dispatched to its watchers and caches.',
      registers,
      collect() {
        if (head) this.set(head());
      },
    });
  }

  /** Feeds the watch metrics. */
  watchObserver(): WatchObserver {
    return {
      watchersChanged: (open) => this.watchersOpen.set(open),
      changesSent: (count) => this.watchEventsSent.inc(count),
      // The peer picks its close code: codes outside the known ones share one label.
      closed: (code) => this.watchCloses.inc({ code: KNOWN_CLOSE_CODES.has(code) ? String(code) : 'other' }),
      notified: (seconds) => this.notifyLag.observe(seconds),
    };
  }

  /** Records the fan-out lag of a change that came from another replica. */
  observeDelivery(delivery: BusDelivery): void {
    if (delivery.origin === 'remote') this.fanoutLag.observe(Math.max(0, wallClockMs() - delivery.publishedAt) / 1000);
  }
}

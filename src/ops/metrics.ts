import client from 'prom-client';
import type { DataSource } from 'typeorm';

/**
 * Prometheus metrics in prom-client's default registry, every name prefixed `om_`. Defined once per process (a
 * registry refuses a name twice); the gauges read their sources, set by `watch`, when scraped.
 */
client.collectDefaultMetrics({ prefix: 'om_' });

/** Request durations, GraphQL and HTTP alike: 5 ms to 10 s. */
const REQUEST_SECONDS_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const graphqlDuration = new client.Histogram({
  name: 'om_graphql_request_duration_seconds',
  help: 'GraphQL requests from parse to response, by operation name ("anonymous" when unnamed)',
  labelNames: ['operation', 'type'] as const,
  buckets: REQUEST_SECONDS_BUCKETS,
});

export const graphqlErrors = new client.Counter({
  name: 'om_graphql_errors_total',
  help: 'Errors in GraphQL responses, by their extensions.code',
  labelNames: ['code'] as const,
});

export const httpDuration = new client.Histogram({
  name: 'om_http_request_duration_seconds',
  help: 'HTTP requests by route group and status class',
  labelNames: ['route', 'status'] as const,
  buckets: REQUEST_SECONDS_BUCKETS,
});

export const pdfRenderDuration = new client.Histogram({
  name: 'om_pdf_render_duration_seconds',
  help: 'HTML to PDF in Chromium, per document (including the wait for a free page)',
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

export interface MetricSources {
  dataSource: DataSource;
  jobs: { stats(): Promise<{ queued: number; oldestQueuedAgeSeconds: number; failed: number }> };
  timeoutWorker: { overdueCount(): Promise<number> };
}

let sources: MetricSources | undefined;

/** The database, queue and timeouts the gauges read: the last app created in this process. */
export function watch(next: MetricSources): void {
  sources = next;
}

// In a cluster every API process reports the same database-wide figures: the aggregate keeps one, not their sum.
const shared = { aggregator: 'max' as const };

const queued = new client.Gauge({ name: 'om_job_queue_depth', help: 'Jobs waiting to run', ...shared });
const oldest = new client.Gauge({
  name: 'om_job_queue_oldest_age_seconds',
  help: 'How long the oldest due job has been waiting',
  ...shared,
});
const failed = new client.Gauge({
  name: 'om_jobs_failed',
  help: 'Jobs given up and kept for inspection',
  ...shared,
});
const overdueTimeouts = new client.Gauge({
  name: 'om_oms_timeouts_overdue',
  help: 'Timed OMS events that are due but have not fired yet',
  ...shared,
});
new client.Gauge({
  name: 'om_job_queue_stats_up',
  help: '1 when the last scrape could read the job queue and timeouts, else 0',
  ...shared,
  async collect() {
    if (!sources) return;
    try {
      const [stats, overdue] = await Promise.all([
        sources.jobs.stats(),
        sources.timeoutWorker.overdueCount(),
      ]);
      queued.set(stats.queued);
      oldest.set(stats.oldestQueuedAgeSeconds);
      failed.set(stats.failed);
      overdueTimeouts.set(overdue);
      this.set(1);
    } catch {
      this.set(0);
    }
  },
});

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
}

const pool = () =>
  (sources?.dataSource.isInitialized ? (sources.dataSource.driver as any).master : undefined) as
    PgPool | undefined;
new client.Gauge({
  name: 'om_db_pool_connections',
  help: 'Connections of this process to PostgreSQL, by state (in use, idle) and the pool size (max)',
  labelNames: ['state'] as const,
  collect() {
    const p = pool();
    if (!p) return;
    this.set({ state: 'used' }, p.totalCount - p.idleCount);
    this.set({ state: 'idle' }, p.idleCount);
    this.set({ state: 'max' }, p.options.max);
  },
});
new client.Gauge({
  name: 'om_db_pool_waiting',
  help: 'Queries of this process waiting for a free connection',
  collect() {
    const p = pool();
    if (p) this.set(p.waitingCount);
  },
});

export const registry = client.register;

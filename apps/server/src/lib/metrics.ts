import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics. One registry per process (not per app): provider errors are counted
 * where they are created, deep in the adapters, and a process serves one app in production.
 */
export const metrics = new Registry();
collectDefaultMetrics({ register: metrics, prefix: 'ava_' });

export const httpDuration = new Histogram({
  name: 'ava_http_request_duration_seconds',
  help: 'HTTP request latency by route (the route pattern, never the raw URL) and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [metrics],
});

export const webhookRequests = new Counter({
  name: 'ava_webhook_requests_total',
  help: 'Provider webhooks by result: accepted, replayed (already stored: acknowledged, not processed again), unsigned (401), forged or tampered (403), invalid, failed',
  labelNames: ['provider', 'result'] as const,
  registers: [metrics],
});

export const providerErrors = new Counter({
  name: 'ava_provider_errors_total',
  help: 'Errors from Twilio, Vapi and the LLM by AVA error code',
  labelNames: ['provider', 'code'] as const,
  registers: [metrics],
});

/** Queue depth and the age of the oldest waiting job, read from the database at scrape time. */
export function registerQueueGauges(
  probe: () => Promise<{ name: string; waiting: number; oldestSeconds: number }[]>,
) {
  for (const name of ['ava_job_queue_depth', 'ava_job_queue_oldest_seconds'])
    metrics.removeSingleMetric(name);
  new Gauge({
    name: 'ava_job_queue_depth',
    help: 'Jobs waiting to run, by queue',
    labelNames: ['queue'] as const,
    registers: [metrics],
    async collect() {
      this.reset();
      for (const q of await probe()) this.set({ queue: q.name }, q.waiting);
    },
  });
  new Gauge({
    name: 'ava_job_queue_oldest_seconds',
    help: 'Age of the oldest waiting job, by queue',
    labelNames: ['queue'] as const,
    registers: [metrics],
    async collect() {
      this.reset();
      for (const q of await probe()) this.set({ queue: q.name }, q.oldestSeconds);
    },
  });
}

import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Queue } from '../queue/types.ts';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  webhooksReceived: Counter<'source' | 'outcome'>;
}

export function createMetrics(queue: Queue): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'ghl_bridge_' });
  const httpDuration = new Histogram({
    name: 'ghl_bridge_http_request_duration_seconds',
    help: 'Duration of HTTP requests served by the bridge.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const webhooksReceived = new Counter({
    name: 'ghl_bridge_webhooks_received_total',
    help: 'Webhooks received, by source and outcome (stored, duplicate, refused).',
    labelNames: ['source', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'ghl_bridge_jobs',
    help: 'Jobs in the queue by status.',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      try {
        const counts = await queue.counts();
        for (const [status, count] of Object.entries(counts)) this.set({ status }, count);
      } catch {
        // The queue being down is reported by /healthz; metrics still answer.
      }
    },
  });
  return { registry, httpDuration, webhooksReceived };
}

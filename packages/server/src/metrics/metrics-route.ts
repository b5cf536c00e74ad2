import type { FastifyInstance } from 'fastify';
import type { FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import type { Metrics } from './metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';

/** `GET /metrics`: Prometheus scrape endpoint. Open, like most exporters: it carries no keys or flag values. */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: Metrics,
  registry: FlagSetRegistry,
): void {
  app.get('/metrics', { logLevel: 'warn' }, (_request, reply) => {
    reply.header('content-type', PROMETHEUS_CONTENT_TYPE).send(metrics.render(registry.all()));
  });
}

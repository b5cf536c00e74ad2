import type { FastifyInstance } from 'fastify';
import type { Metrics } from './metrics.js';

/**
 * Records every request's duration. Register it on the root instance before any route, so it
 * applies to all of them. Streams hijack their reply and are not observed (they never "finish").
 */
export function registerHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', (request, reply, done) => {
    metrics.observeHttp(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}

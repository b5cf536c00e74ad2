import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { FlagSetRegistry } from '../flag-sets/flag-set-registry.js';
import type { Metrics } from './metrics.js';
import { PROMETHEUS_CONTENT_TYPE } from './prometheus-text.js';

/**
 * `GET /metrics`: Prometheus scrape endpoint. It carries no keys or flag values, but its labels
 * name projects, environments and flags: with a metrics token only a scraper that sends it
 * (`authorization.credentials` in the scrape config) reads them.
 */
export function registerMetricsRoute(
  app: FastifyInstance,
  metrics: Metrics,
  registry: FlagSetRegistry,
  token?: string,
): void {
  const expected = token === undefined ? undefined : createHash('sha256').update(token).digest();
  app.get('/metrics', { logLevel: 'warn' }, (request, reply) => {
    if (expected && !presentsToken(request.headers.authorization, expected)) {
      reply.header('www-authenticate', 'Bearer realm="metrics"');
      return reply.code(401).send({
        error: {
          code: 'UNAUTHORIZED',
          message:
            'the metrics need the metrics token: send Authorization: Bearer <SWITCHYARD_METRICS_TOKEN>',
          issues: [],
        },
      });
    }
    return reply.header('content-type', PROMETHEUS_CONTENT_TYPE).send(metrics.render(registry.all()));
  });
}

/** Compares hashes in constant time, so the comparison reveals nothing about the token. */
function presentsToken(header: string | undefined, expected: Buffer): boolean {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return false;
  return timingSafeEqual(createHash('sha256').update(match[1]!).digest(), expected);
}

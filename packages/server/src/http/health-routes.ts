import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/database.js';
import { pingDatabase } from '../storage/migrations.js';

/**
 * `/healthz`: the process answers. `/readyz`: storage reachable, every flag set loaded, and not shutting
 * down (a replica draining before it stops must get no new traffic, though it still answers).
 */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Db | null; isLoaded: () => boolean; isDraining?: () => boolean },
): void {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
    if (deps.isDraining?.()) {
      return reply.status(503).send({ status: 'shutting down', checks: { shutdown: 'draining' } });
    }
    const checks = { storage: 'ok', flagSets: deps.isLoaded() ? 'ok' : 'loading' };
    if (deps.db) {
      try {
        await pingDatabase(deps.db);
      } catch {
        checks.storage = 'unreachable';
      }
    }
    const ready = checks.storage === 'ok' && checks.flagSets === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });
}

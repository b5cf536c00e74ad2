import type { FastifyInstance } from 'fastify';
import type { Db } from '../storage/database.js';
import { pingDatabase } from '../storage/migrations.js';

/** `/healthz`: the process answers. `/readyz`: storage reachable and every flag set loaded. */
export function registerHealthRoutes(
  app: FastifyInstance,
  deps: { db: Db | null; isLoaded: () => boolean },
): void {
  app.get('/healthz', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
  app.get('/readyz', { logLevel: 'warn' }, async (_request, reply) => {
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

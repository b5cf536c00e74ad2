import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';
import type { HttpDrain } from './http-drain.js';

export interface ShutdownDeps {
  app: FastifyInstance;
  drain: HttpDrain;
  /** Everything is over by then: requests still in flight are cut off. */
  graceMs: number;
  /** First, serve on with /readyz failing, so load balancers take the replica out before it refuses. */
  delayMs: number;
  /** Background work and storage, closed once no request can use them any more. */
  closeStorage: () => Promise<void>;
}

/**
 * Stops a replica without failing its clients: /readyz fails at once and responses close their
 * connections; after the delay the listener closes (new connections are refused, requests arriving on
 * open ones get 503 with `Connection: close`), streams end telling clients to reconnect (see the
 * preClose hooks), requests in flight finish, then background work and storage close. Connections
 * still open near the end of the grace period are cut, keeping a little of it for storage.
 */
export async function shutDownGracefully(deps: ShutdownDeps): Promise<void> {
  const { app, drain } = deps;
  const deadline = Date.now() + deps.graceMs;
  drain.start();
  app.log.info(
    { shutdownDelayMs: deps.delayMs, shutdownGracePeriodMs: deps.graceMs },
    'shutting down: /readyz fails, requests in flight finish',
  );
  if (deps.delayMs > 0) await sleep(Math.min(deps.delayMs, deps.graceMs));
  const storageReserve = Math.min(2000, deps.graceMs / 10);
  const force = setTimeout(
    () => {
      app.log.warn('shutdown grace period over: closing the connections still open');
      app.server.closeAllConnections();
      drain.destroyAll();
    },
    Math.max(0, deadline - storageReserve - Date.now()),
  );
  force.unref();
  try {
    await app.close();
  } finally {
    clearTimeout(force);
  }
  await deps.closeStorage();
}

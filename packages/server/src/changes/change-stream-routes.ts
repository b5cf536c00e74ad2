import { Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorResponses } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { SseConnection } from '../sdk/sync/sse-connection.js';
import { canSeeChange } from './change-events.js';
import type { ChangeHub } from './change-hub.js';

export interface ChangeStreamDeps {
  hub: ChangeHub;
  heartbeatMs: number;
  /**
   * Authenticates the request again as it was (token or session): the stream's actor as it is now,
   * or a throw when its token was revoked or its session ended.
   */
  reauthenticate(request: FastifyRequest): Promise<Actor>;
}

/** A dashboard that stops reading is dropped past this; it reconnects and reloads. */
const MAX_BUFFERED_BYTES = 1024 * 1024;

const ChangeStreamSchema = Type.String({
  description:
    'Server-Sent Events: `event: change`, data `{ "project", "environment"?, "resource", "key"?, "flag"?, "path", "action", "version"?, "at", "actor" }`; `: heartbeat` comments',
});

/**
 * `GET /api/v1/changes`: every committed change the caller may read, as it commits, for live
 * dashboards. No replay: a client that reconnects reloads what it shows. Docs: docs/dashboard-server.md.
 */
export function registerChangeStreamRoutes(app: FastifyInstance, deps: ChangeStreamDeps): void {
  const open = new Set<SseConnection>();
  // Streams never end by themselves; close them so the server can shut down, telling clients to come back.
  app.addHook('preClose', (done) => {
    for (const connection of [...open]) connection.closeForShutdown();
    done();
  });

  app.get(
    '/changes',
    {
      schema: {
        summary: 'Live stream of committed changes the caller may read (Server-Sent Events)',
        tags: ['changes'],
        produces: ['text/event-stream'],
        response: { 200: ChangeStreamSchema, ...errorResponses() },
      },
    },
    (request, reply) => {
      let actor = requestActor(request);
      // A token limited to actions reads nothing through the admin API, this stream included.
      authorise(actor, 'read', {});
      reply.hijack();
      const connection = new SseConnection(reply.raw, {
        heartbeatMs: deps.heartbeatMs,
        maxBufferedBytes: MAX_BUFFERED_BYTES,
        extraHeaders: { 'x-request-id': request.id, 'x-content-type-options': 'nosniff' },
      });
      connection.open();
      open.add(connection);
      const ownTokenId = actor.id.startsWith('admin-token:') ? actor.id.slice('admin-token:'.length) : null;
      // A revoked token, a changed role, an expired or signed-out session: seen within a heartbeat.
      const recheck = () =>
        deps.reauthenticate(request).then(
          (current) => {
            actor = current;
          },
          () => connection.close(),
        );
      const rechecks = setInterval(recheck, deps.heartbeatMs);
      rechecks.unref();
      const unsubscribe = deps.hub.subscribe((events) => {
        for (const event of events) {
          if (event.resource === 'admin-token' && event.key === ownTokenId) {
            // Not one more change for a revoked token; a changed one is looked up again.
            if (event.action === 'admin-token.revoke') return connection.close();
            void recheck();
          }
        }
        for (const event of events) {
          if (canSeeChange(actor.access, event)) {
            connection.send({ event: 'change', data: JSON.stringify(event) });
          }
        }
      });
      connection.onClose(() => {
        unsubscribe();
        clearInterval(rechecks);
        open.delete(connection);
      });
    },
  );
}

import type { FastifyRequest } from 'fastify';
import type { Actor } from '../kernel/actor.js';
import { unauthorized } from '../kernel/errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by admin authentication; null on routes that need none. */
    actor: Actor | null;
  }
}

/** The authenticated actor of an admin request. */
export function requestActor(request: FastifyRequest): Actor {
  if (!request.actor) throw unauthorized('not authenticated');
  return request.actor;
}

import type { FastifyRequest } from 'fastify';
import type { WriteRequest } from '../write-path/actor.js';
import { unauthorized } from './errors.js';

/** The actor and request id of an authenticated admin request, for the write path. */
export function writeRequest(request: FastifyRequest): WriteRequest {
  if (!request.actor) throw unauthorized('not authenticated');
  return { actor: request.actor, requestId: String(request.id) };
}

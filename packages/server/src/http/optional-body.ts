import type { FastifyRequest } from 'fastify';

/**
 * For POST routes whose body is optional (`{ reason? }`): no body counts as `{}`, so it is
 * validated like an empty object instead of being refused as "must be object".
 */
export async function emptyBodyAsObject(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {};
}

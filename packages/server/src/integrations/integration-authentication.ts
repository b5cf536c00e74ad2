import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../kernel/actor.js';
import { unauthorized } from '../kernel/errors.js';

/** Resolves an admin token to its actor through the admin-token store (401 / 403 as the admin API). */
export type AuthenticateToken = (secret: string) => Promise<Actor>;

/**
 * Authentication for webhooks whose sender cannot set headers (Flagger): the admin token travels in
 * the body's `metadata.token`, else in `Authorization: Bearer`. The token is taken out of the body
 * before anything reads it, so it is never echoed, recorded or logged.
 */
export function installBodyTokenAuthentication(app: FastifyInstance, authenticate: AuthenticateToken): void {
  app.addHook('preValidation', async (request) => {
    const secret = takeBodyToken(request) ?? bearer(request);
    if (secret === undefined) {
      throw unauthorized(
        "missing credentials: put an admin token in the webhook's metadata (metadata.token), or send Authorization: Bearer <token>",
      );
    }
    request.actor = await authenticate(secret);
    request.log = request.log.child({ actor: request.actor.id });
  });
}

function takeBodyToken(request: FastifyRequest): string | undefined {
  const body = request.body as { metadata?: unknown } | null | undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const metadata = body.metadata as Record<string, unknown> | null | undefined;
  if (typeof metadata !== 'object' || metadata === null || !Object.hasOwn(metadata, 'token'))
    return undefined;
  const token = metadata.token;
  delete metadata.token;
  if (typeof token !== 'string' || token.trim() === '') {
    throw unauthorized('metadata.token must be an admin token (a non-empty string)');
  }
  return token.trim();
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('Authorization must have the form "Bearer <admin token>"');
  return match[1]!;
}

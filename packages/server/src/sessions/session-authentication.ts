import type { FastifyRequest } from 'fastify';
import type { Actor } from '../kernel/actor.js';
import { csrfTokenInvalid } from '../kernel/errors.js';
import { sessionSecretOf } from './session-cookie.js';
import { csrfTokenOf, sameSecret } from './session-secrets.js';
import type { SessionService } from './session-service.js';

/** Methods that change nothing, so need no CSRF token. */
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Throws 403 `csrf_token_invalid` unless a request that may change something carries the
 * session's CSRF token in `x-csrf-token` (a cross-site form cannot set a header; SameSite=Strict
 * is the first line, this the second).
 */
export function checkCsrf(request: FastifyRequest, secret: string): void {
  if (safeMethods.has(request.method)) return;
  const sent = request.headers['x-csrf-token'];
  if (typeof sent !== 'string' || sent === '') {
    throw csrfTokenInvalid(
      `a ${request.method} request made with the session cookie needs the session's CSRF token in the x-csrf-token header (see GET /api/v1/sessions/current)`,
    );
  }
  if (!sameSecret(sent, csrfTokenOf(secret))) {
    throw csrfTokenInvalid("the x-csrf-token header is not this session's CSRF token");
  }
}

/**
 * For admin authentication: the actor the request's session cookie stands for, undefined when the
 * request has no session cookie; throws 401 for an ended session, 403 for a missing CSRF token.
 */
export function sessionAuthenticator(sessions: SessionService) {
  return async (request: FastifyRequest): Promise<Actor | undefined> => {
    const secret = sessionSecretOf(request.headers.cookie);
    if (secret === undefined) return undefined;
    const { actor } = await sessions.resume(secret);
    checkCsrf(request, secret);
    return actor;
  };
}

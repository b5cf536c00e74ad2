import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Access } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import { forbidden, unauthorized } from '../kernel/errors.js';
import { looksLikeSdkKey } from '../kernel/secrets.js';
import type { AdminToken, AdminTokenStore } from './admin-token-store.js';

const sdkKeyRefusal =
  'SDK keys are read-only and accepted only by the SDK endpoints (/ofrep/v1, /sdk/v1); the admin API needs an admin token (Authorization: Bearer <token>)';

export interface AdminAuthenticationDeps {
  adminTokens(): AdminTokenStore;
  /** Whether the secret is a valid SDK key (to say so instead of "unknown token"). */
  isSdkKey(secret: string): boolean;
  accessOf(token: Pick<AdminToken, 'role' | 'projects' | 'grants' | 'actions'>): Access;
  /**
   * The actor of a dashboard session cookie, for requests without `Authorization`; undefined when
   * the request carries no session. Throws when the session ended or a write lacks its CSRF token.
   */
  session?: (request: FastifyRequest) => Promise<Actor | undefined>;
}

/**
 * Authenticates every admin API request with an admin token; what it may do is decided per action
 * and scope by the services and the command executor, not here.
 */
export function installAdminAuthentication(app: FastifyInstance, deps: AdminAuthenticationDeps): void {
  app.addHook('onRequest', async (request) => {
    request.actor = await authenticateRequest(deps, request);
    request.log = request.log.child({ actor: request.actor.id });
  });
}

/**
 * The actor of an admin API request: its bearer token, or else its dashboard session. Also for a
 * long-lived request (the change stream) to learn whether its credentials still hold.
 */
export async function authenticateRequest(
  deps: AdminAuthenticationDeps,
  request: FastifyRequest,
): Promise<Actor> {
  if (request.headers['x-api-key'] !== undefined) throw forbidden(sdkKeyRefusal);
  // A bearer token wins over a cookie: API clients behave exactly as before sessions existed.
  const header = request.headers.authorization;
  if ((header === undefined || header.trim() === '') && deps.session) {
    const actor = await deps.session(request);
    if (actor) return actor;
  }
  return authenticateAdminToken(deps, bearerToken(request));
}

/**
 * The actor an admin token stands for; 401 when it is unknown or revoked, 403 for an SDK key.
 * Also for routes that take the token elsewhere than in `Authorization` (Flagger's webhooks).
 */
export async function authenticateAdminToken(deps: AdminAuthenticationDeps, secret: string): Promise<Actor> {
  if (looksLikeSdkKey(secret) || deps.isSdkKey(secret)) throw forbidden(sdkKeyRefusal);
  const token = await deps.adminTokens().findActive(secret);
  if (!token) throw unauthorized('the admin token is unknown or revoked');
  return { id: `admin-token:${token.id}`, name: token.name, access: deps.accessOf(token) };
}

function bearerToken(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === '') {
    throw unauthorized('missing credentials: send Authorization: Bearer <admin token>');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw unauthorized('Authorization must have the form "Bearer <admin token>"');
  return match[1]!;
}

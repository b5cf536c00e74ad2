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
}

/**
 * Authenticates every admin API request with an admin token; what it may do is decided per action
 * and scope by the services and the command executor, not here.
 */
export function installAdminAuthentication(app: FastifyInstance, deps: AdminAuthenticationDeps): void {
  app.addHook('onRequest', async (request) => {
    if (request.headers['x-api-key'] !== undefined) throw forbidden(sdkKeyRefusal);
    const secret = bearerToken(request);
    if (looksLikeSdkKey(secret) || deps.isSdkKey(secret)) throw forbidden(sdkKeyRefusal);
    const token = await deps.adminTokens().findActive(secret);
    if (!token) throw unauthorized('the admin token is unknown or revoked');
    request.actor = { id: `admin-token:${token.id}`, name: token.name, access: deps.accessOf(token) };
    request.log = request.log.child({ actor: request.actor.id });
  });
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

import type { FastifyInstance, FastifyRequest } from 'fastify';
import { forbidden, unauthorized } from '../http/errors.js';
import type { Db } from '../storage/database.js';
import type { Actor } from '../write-path/actor.js';
import { findActiveAdminToken } from './admin-token-store.js';
import { type Access, roleAllows } from './roles.js';
import type { SdkKeyAuthenticator } from './sdk-key-authenticator.js';
import { looksLikeSdkKey } from './secrets.js';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Overrides the access a route needs (default: `read` for GET/HEAD, `write` otherwise). */
    access?: Access;
  }
}

const sdkKeyRefusal =
  'SDK keys are read-only and accepted only by the SDK endpoints (/ofrep/v1, /sdk/v1); the admin API needs an admin token (Authorization: Bearer <token>)';

/** Authenticates every admin API request with an admin token and checks its role against the route. */
export function installAdminAuth(app: FastifyInstance, deps: { db: Db; sdkKeys: SdkKeyAuthenticator }): void {
  app.addHook('onRequest', async (request) => {
    if (request.headers['x-api-key'] !== undefined) throw forbidden(sdkKeyRefusal);
    const secret = bearerToken(request);
    if (looksLikeSdkKey(secret) || deps.sdkKeys.authenticate(secret)) throw forbidden(sdkKeyRefusal);
    const token = await findActiveAdminToken(deps.db, secret);
    if (!token) throw unauthorized('the admin token is unknown or revoked');
    const access = request.routeOptions.config.access ?? defaultAccess(request.method);
    if (!roleAllows(token.role, access)) {
      throw forbidden(`an admin token with role "${token.role}" cannot ${describe(access)}`);
    }
    request.actor = { id: `admin-token:${token.id}`, name: token.name, role: token.role };
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

function defaultAccess(method: string): Access {
  return method === 'GET' || method === 'HEAD' ? 'read' : 'write';
}

function describe(access: Access): string {
  if (access === 'write') return 'change anything (viewers have read-only access)';
  if (access === 'manage-keys') return 'manage SDK keys or admin tokens (admins only)';
  return 'read';
}

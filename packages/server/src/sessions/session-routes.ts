import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorResponses, NoContent } from '../http/common-schemas.js';
import { AppError, unauthorized } from '../kernel/errors.js';
import { checkCsrf } from './session-authentication.js';
import { clearedSessionCookie, sessionSecretOf, sessionSetCookie } from './session-cookie.js';
import { SessionSchema, SignInBody } from './session-schemas.js';
import type { SessionService } from './session-service.js';

const tags = ['sessions'];

/** Behind a TLS-terminating proxy the browser still used https: the cookie must say Secure. */
export function overHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim();
  return request.protocol === 'https' || first === 'https';
}

function requireCookie(request: FastifyRequest): string {
  const secret = sessionSecretOf(request.headers.cookie);
  if (secret === undefined) throw unauthorized('no session: sign in with POST /api/v1/sessions');
  return secret;
}

/** Nothing about a session may be kept by a cache. */
function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

/**
 * Sign-in (an admin token exchanged for a session cookie), the current session, sign-out. These
 * routes authenticate themselves (the token in the body, or the cookie): they are registered
 * outside the admin authentication hook. Docs: docs/dashboard-server.md.
 */
export function registerSessionRoutes(app: FastifyInstance, deps: { sessions: SessionService }): void {
  app.post<{ Body: Static<typeof SignInBody> }>(
    '/sessions',
    {
      schema: {
        summary: 'Sign in: exchange an admin token for a session cookie (switchyard_session)',
        tags,
        public: true,
        body: SignInBody,
        response: { 201: SessionSchema, ...errorResponses(429) },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const { secret, view } = await deps.sessions.signIn(request.body.token, request.ip);
      const maxAgeSeconds = Math.max(0, Math.round((Date.parse(view.expiresAt) - Date.now()) / 1000));
      reply.header('set-cookie', sessionSetCookie(secret, { maxAgeSeconds, secure: overHttps(request) }));
      reply.status(201);
      return view;
    },
  );

  app.get(
    '/sessions/current',
    {
      schema: {
        summary: 'The current session (from its cookie): its CSRF token, expiry and actor',
        tags,
        public: true,
        response: { 200: SessionSchema, ...errorResponses() },
      },
    },
    async (request, reply) => {
      noStore(reply);
      return (await deps.sessions.resume(requireCookie(request))).view;
    },
  );

  app.delete(
    '/sessions/current',
    {
      schema: {
        summary: 'Sign out: end the current session and clear its cookie',
        tags,
        public: true,
        response: { 204: NoContent, ...errorResponses() },
      },
    },
    async (request, reply) => {
      noStore(reply);
      const secret = sessionSecretOf(request.headers.cookie);
      if (secret !== undefined) {
        const open = await deps.sessions.resume(secret).then(
          () => true,
          (error: unknown) => {
            // An ended session has nothing left to protect: its cookie is cleared all the same.
            if (error instanceof AppError && error.code === 'UNAUTHORIZED') return false;
            throw error;
          },
        );
        if (open) checkCsrf(request, secret);
        await deps.sessions.signOut(secret);
      }
      reply.header('set-cookie', clearedSessionCookie({ secure: overHttps(request) }));
      return reply.status(204).send();
    },
  );
}

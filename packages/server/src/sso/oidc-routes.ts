import { Type } from '@sinclair/typebox';
import { parse as parseCookie } from 'cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { clearedHttpOnlyCookie, httpOnlyCookie } from '../http/http-only-cookie.js';
import { AppError, httpStatusOf, notFound } from '../kernel/errors.js';
import { sessionSetCookie } from '../sessions/session-cookie.js';
import { overHttps } from '../sessions/session-routes.js';
import type { SessionService } from '../sessions/session-service.js';
import type { OidcSignIn } from './oidc-sign-in.js';

const loginCookie = 'switchyard_login';
const loginPath = '/auth/oidc';

export interface OidcRouteDeps {
  sessions: SessionService;
  /** Undefined when single sign-on is not configured. */
  signIn: OidcSignIn | undefined;
  redirectUri: string | undefined;
}

/** For the dashboard's sign-in screen: whether to offer single sign-on, and what the button says. */
export function registerOidcInfoRoute(app: FastifyInstance, deps: Pick<OidcRouteDeps, 'signIn'>): void {
  app.get(
    '/sessions/oidc',
    {
      schema: {
        summary: 'Whether single sign-on (OpenID Connect) is configured, and how to start it',
        tags: ['sessions'],
        public: true,
        response: {
          200: Type.Object(
            {
              enabled: Type.Boolean(),
              label: Type.Optional(Type.String()),
              startUrl: Type.Optional(
                Type.String({ description: 'Navigate here (with ?returnTo=/path) to sign in' }),
              ),
            },
            { $id: 'OidcInfo' },
          ),
        },
      },
    },
    async () =>
      deps.signIn
        ? { enabled: true, label: deps.signIn.label, startUrl: `${loginPath}/start` }
        : { enabled: false },
  );
}

/**
 * The browser's side of the authorisation code flow: `/auth/oidc/start` sends it to the identity
 * provider, `/auth/oidc/callback` brings it back signed in. Navigations, not API calls: they
 * answer redirects and, on failure, a short page saying why (outside `/api/v1` and its document).
 */
export function registerOidcLoginRoutes(app: FastifyInstance, deps: OidcRouteDeps): void {
  const configured = () => {
    if (!deps.signIn)
      throw notFound('single sign-on is not configured on this server (see docs/single-sign-on.md)');
    return deps.signIn;
  };
  const redirectUri = (request: FastifyRequest) =>
    deps.redirectUri ?? `${overHttps(request) ? 'https' : 'http'}://${request.host}${loginPath}/callback`;

  app.get<{ Querystring: { returnTo?: string } }>(
    `${loginPath}/start`,
    { schema: { querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2048 })) }) } },
    async (request, reply) => {
      try {
        const { url, loginSecret } = await configured().start({
          returnTo: request.query.returnTo ?? '/',
          redirectUri: redirectUri(request),
        });
        // Lax, not Strict: the identity provider's redirect back is a navigation from another site.
        reply.header(
          'set-cookie',
          httpOnlyCookie(loginCookie, loginSecret, {
            ...loginCookieScope(overHttps(request)),
            maxAgeSeconds: 600,
          }),
        );
        noStore(reply);
        return reply.redirect(url.href, 302);
      } catch (error) {
        return failurePage(reply, error);
      }
    },
  );

  app.get(`${loginPath}/callback`, async (request, reply) => {
    try {
      const currentUrl = new URL(request.url, redirectUri(request));
      const cookies = parseCookie(request.headers.cookie ?? '');
      const { person, returnTo } = await configured().finish({
        currentUrl,
        redirectUri: redirectUri(request),
        loginSecret: cookies[loginCookie] || undefined,
      });
      const { secret, view } = await deps.sessions.signInPerson(person);
      const maxAgeSeconds = Math.max(0, Math.round((Date.parse(view.expiresAt) - Date.now()) / 1000));
      reply.header('set-cookie', [
        sessionSetCookie(secret, { maxAgeSeconds, secure: overHttps(request) }),
        clearedLoginCookie(overHttps(request)),
      ]);
      noStore(reply);
      return reply.redirect(returnTo, 302);
    } catch (error) {
      reply.header('set-cookie', clearedLoginCookie(overHttps(request)));
      return failurePage(reply, error);
    }
  });
}

const loginCookieScope = (secure: boolean) => ({ sameSite: 'lax', path: loginPath, secure }) as const;

function clearedLoginCookie(secure: boolean): string {
  return clearedHttpOnlyCookie(loginCookie, loginCookieScope(secure));
}

function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}

/** A person reads this, not a program: a plain page with the reason and a way back. */
function failurePage(reply: FastifyReply, error: unknown): FastifyReply {
  if (!(error instanceof AppError)) throw error;
  const escaped = error.message.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
  noStore(reply);
  return reply
    .status(httpStatusOf[error.code])
    .header('content-security-policy', "default-src 'none'; base-uri 'none'; form-action 'none'")
    .type('text/html; charset=utf-8')
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign-in failed</title></head>` +
        `<body><h1>Sign-in failed</h1><p>${escaped}</p><p><a href="/">Back to Switchyard</a></p></body></html>`,
    );
}

import * as client from 'openid-client';
import { isLoopback, type OidcOptions } from '../config/oidc-settings.js';
import { AppError } from '../kernel/errors.js';
import { generateSecret, hashSecret } from '../kernel/secrets.js';
import type { SignedInPerson } from '../sessions/session-store.js';
import { accessOfGroups } from './group-access.js';
import type { OidcLoginStore } from './oidc-login-store.js';

/** A login has ten minutes to come back from the identity provider. */
const loginTtlMs = 10 * 60_000;
const defaultScopes = ['openid', 'profile', 'email', 'groups'];

export class SignInRefused extends AppError {
  constructor(message: string) {
    super('FORBIDDEN', message);
  }
}

export interface OidcSignInDeps {
  options: OidcOptions;
  logins(): OidcLoginStore;
  now?: () => Date;
}

/**
 * The authorisation code flow with PKCE: `start` sends the browser to the identity provider with
 * a fresh state, nonce and code challenge, kept server-side under a hash of a secret that only the
 * browser's login cookie holds (so another browser cannot finish this login: no login CSRF);
 * `finish` checks the callback, exchanges the code, verifies the ID token (signature, issuer,
 * audience, expiry, nonce: openid-client) and maps the person's groups to their access.
 */
export class OidcSignIn {
  #configuration: Promise<client.Configuration> | undefined;

  constructor(private readonly deps: OidcSignInDeps) {}

  get label(): string {
    return this.deps.options.label ?? 'Sign in with single sign-on';
  }

  async start(input: { returnTo: string; redirectUri: string }): Promise<{ url: URL; loginSecret: string }> {
    const configuration = await this.#discover();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    const loginSecret = generateSecret('sy_login_');
    const now = this.#now();
    const logins = this.deps.logins();
    await logins.deleteExpired(now.toISOString());
    await logins.insert(hashSecret(loginSecret), {
      state,
      nonce,
      codeVerifier,
      returnTo: safeReturnTo(input.returnTo),
      expiresAt: new Date(now.getTime() + loginTtlMs).toISOString(),
    });
    const url = client.buildAuthorizationUrl(configuration, {
      redirect_uri: input.redirectUri,
      scope: (this.deps.options.scopes ?? defaultScopes).join(' '),
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url, loginSecret };
  }

  /** Checks the callback (`currentUrl` with its query) and answers who signed in and where to go. */
  async finish(input: {
    currentUrl: URL;
    redirectUri: string;
    loginSecret: string | undefined;
  }): Promise<{ person: SignedInPerson; returnTo: string }> {
    const error = input.currentUrl.searchParams.get('error');
    if (error !== null) {
      const description = input.currentUrl.searchParams.get('error_description');
      throw new SignInRefused(
        `the identity provider refused the sign-in: ${error}${description ? ` (${description})` : ''}`,
      );
    }
    if (input.loginSecret === undefined) {
      throw new SignInRefused('this sign-in was not started in this browser (no login cookie): start again');
    }
    const login = await this.deps.logins().take(hashSecret(input.loginSecret));
    if (!login || Date.parse(login.expiresAt) <= this.#now().getTime()) {
      throw new SignInRefused('this sign-in expired or was already used: start again');
    }
    const configuration = await this.#discover();
    let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
    try {
      tokens = await client.authorizationCodeGrant(
        configuration,
        input.currentUrl,
        {
          pkceCodeVerifier: login.codeVerifier,
          expectedState: login.state,
          expectedNonce: login.nonce,
          idTokenExpected: true,
        },
        { redirect_uri: input.redirectUri },
      );
    } catch (cause) {
      throw new SignInRefused(`the sign-in could not be verified: ${(cause as Error).message}`);
    }
    const claims = tokens.claims();
    if (!claims) throw new SignInRefused('the identity provider sent no ID token');
    const groupsClaim = this.deps.options.groupsClaim ?? 'groups';
    let groups = groupsOf(claims[groupsClaim]);
    if (groups === undefined) {
      // Many providers put groups in userinfo only.
      const info = await client.fetchUserInfo(configuration, tokens.access_token, claims.sub);
      groups = groupsOf(info[groupsClaim]) ?? [];
    }
    const access = accessOfGroups(groups, this.deps.options.roleMappings);
    const name = nameOf(claims);
    if (!access) {
      throw new SignInRefused(
        `${name} may not sign in: none of their groups (${groups.length ? groups.join(', ') : 'none'}) is mapped to a role`,
      );
    }
    return { person: { subject: claims.sub, name, access }, returnTo: login.returnTo };
  }

  /** Discovery once, retried at the next sign-in when the provider was unreachable. */
  #discover(): Promise<client.Configuration> {
    if (!this.#configuration) {
      const { issuer, clientId, clientSecret } = this.deps.options;
      const url = new URL(issuer);
      this.#configuration = client
        .discovery(
          url,
          clientId,
          undefined,
          clientSecret === undefined ? client.None() : client.ClientSecretBasic(clientSecret),
          isLoopback(url.hostname) && url.protocol === 'http:'
            ? { execute: [client.allowInsecureRequests] }
            : {},
        )
        .catch((cause: unknown) => {
          this.#configuration = undefined;
          throw new AppError(
            'BAD_GATEWAY',
            `the identity provider at ${issuer} could not be reached: ${(cause as Error).message}`,
          );
        });
    }
    return this.#configuration;
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** Only a path on this server: never another site (no open redirect). */
export function safeReturnTo(returnTo: string): string {
  return /^\/(?![/\\])[^\s]*$/.test(returnTo) ? returnTo : '/';
}

function groupsOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === 'string');
  if (typeof value === 'string') return [value];
  return undefined;
}

function nameOf(claims: client.IDToken): string {
  for (const key of ['name', 'preferred_username', 'email'] as const) {
    const value = claims[key];
    if (typeof value === 'string' && value !== '') return value;
  }
  return claims.sub;
}

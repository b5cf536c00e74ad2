import { didYouMean } from '@switchyard/core';
import type { Role } from '../kernel/access.js';
import { roles } from '../kernel/access.js';
import { ConfigError } from './config-error.js';

/**
 * Who gets what from the identity provider's groups. A mapping without `projects` or
 * `environments` reaches everything; `projects` limits the reach; `environments` (of `projects`,
 * or of every project reached) only raises the role there, like a token's grants.
 */
export interface RoleMapping {
  group: string;
  role: Role;
  projects?: string[];
  environments?: string[];
}

/** Single sign-on with an OpenID Connect identity provider (authorisation code flow with PKCE). */
export interface OidcOptions {
  /** The issuer URL; its `/.well-known/openid-configuration` is read at the first sign-in. */
  issuer: string;
  clientId: string;
  /** Absent: a public client (PKCE alone). */
  clientSecret?: string;
  /** Default: `<the server's address as the browser reached it>/api/v1/sessions/oidc/callback`. */
  redirectUri?: string;
  /** Default `openid profile email groups`. */
  scopes?: string[];
  /** The claim listing the person's groups (ID token, else userinfo). Default `groups`. */
  groupsClaim?: string;
  /** Groups → roles and scopes; someone in none of these groups cannot sign in. */
  roleMappings: RoleMapping[];
  /** What the sign-in button says, e.g. "Sign in with Okta". Default "Sign in with single sign-on". */
  label?: string;
}

const known = new Set([
  'issuer',
  'clientId',
  'clientSecret',
  'redirectUri',
  'scopes',
  'groupsClaim',
  'roleMappings',
  'label',
]);
const mappingKeys = new Set(['group', 'role', 'projects', 'environments']);

/**
 * The OIDC settings from `startServer({ oidc })`, or from `SWITCHYARD_OIDC_*` variables; undefined
 * when single sign-on is not configured. Every problem is a ConfigError naming the setting.
 */
export function resolveOidcOptions(
  options: OidcOptions | undefined,
  env: NodeJS.ProcessEnv = process.env,
): OidcOptions | undefined {
  const raw: Record<string, unknown> | undefined = options
    ? { ...options }
    : env.SWITCHYARD_OIDC_ISSUER
      ? {
          issuer: env.SWITCHYARD_OIDC_ISSUER,
          clientId: env.SWITCHYARD_OIDC_CLIENT_ID,
          clientSecret: env.SWITCHYARD_OIDC_CLIENT_SECRET || undefined,
          redirectUri: env.SWITCHYARD_OIDC_REDIRECT_URI || undefined,
          scopes: env.SWITCHYARD_OIDC_SCOPES?.split(/[\s,]+/).filter(Boolean),
          groupsClaim: env.SWITCHYARD_OIDC_GROUPS_CLAIM || undefined,
          roleMappings: parseJson('SWITCHYARD_OIDC_ROLE_MAPPINGS', env.SWITCHYARD_OIDC_ROLE_MAPPINGS),
          label: env.SWITCHYARD_OIDC_LABEL || undefined,
        }
      : undefined;
  if (!raw) return undefined;
  for (const key of Object.keys(raw)) {
    if (!known.has(key)) throw new ConfigError(`oidc.${key} is not a setting${didYouMean(key, [...known])}`);
  }
  const issuer = httpUrl('oidc.issuer (SWITCHYARD_OIDC_ISSUER)', raw.issuer);
  const clientId = text('oidc.clientId (SWITCHYARD_OIDC_CLIENT_ID)', raw.clientId);
  const clientSecret = optionalText('oidc.clientSecret', raw.clientSecret);
  const redirectUri =
    raw.redirectUri === undefined ? undefined : httpUrl('oidc.redirectUri', raw.redirectUri);
  const scopes = raw.scopes === undefined ? undefined : stringList('oidc.scopes', raw.scopes);
  if (scopes && !scopes.includes('openid')) throw new ConfigError('oidc.scopes must include "openid"');
  const groupsClaim = optionalText('oidc.groupsClaim', raw.groupsClaim);
  const label = optionalText('oidc.label', raw.label);
  if (!Array.isArray(raw.roleMappings) || raw.roleMappings.length === 0) {
    throw new ConfigError(
      'oidc.roleMappings (SWITCHYARD_OIDC_ROLE_MAPPINGS) must list at least one { "group", "role" }: without it nobody could sign in',
    );
  }
  const roleMappings = raw.roleMappings.map((m: unknown, i: number) => mapping(`oidc.roleMappings[${i}]`, m));
  return {
    issuer,
    clientId,
    roleMappings,
    ...(clientSecret !== undefined && { clientSecret }),
    ...(redirectUri !== undefined && { redirectUri }),
    ...(scopes !== undefined && { scopes }),
    ...(groupsClaim !== undefined && { groupsClaim }),
    ...(label !== undefined && { label }),
  };
}

function mapping(name: string, value: unknown): RoleMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`${name} must be an object { "group", "role", "projects"?, "environments"? }`);
  }
  const m = value as Record<string, unknown>;
  for (const key of Object.keys(m)) {
    if (!mappingKeys.has(key))
      throw new ConfigError(`${name}.${key} is not a setting${didYouMean(key, [...mappingKeys])}`);
  }
  const group = text(`${name}.group`, m.group);
  if (!roles.includes(m.role as never)) {
    throw new ConfigError(`${name}.role must be one of ${roles.join(', ')}, got ${JSON.stringify(m.role)}`);
  }
  return {
    group,
    role: m.role as RoleMapping['role'],
    ...(m.projects !== undefined && { projects: stringList(`${name}.projects`, m.projects) }),
    ...(m.environments !== undefined && { environments: stringList(`${name}.environments`, m.environments) }),
  };
}

function parseJson(name: string, text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${name} must be JSON: ${(error as Error).message}`);
  }
}

function text(name: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw new ConfigError(`${name} must be a non-empty string`);
  return value;
}

function optionalText(name: string, value: unknown): string | undefined {
  return value === undefined ? undefined : text(name, value);
}

function stringList(name: string, value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((v) => typeof v !== 'string' || v === '')) {
    throw new ConfigError(`${name} must be a non-empty list of non-empty strings`);
  }
  return value as string[];
}

function httpUrl(name: string, value: unknown): string {
  const url = text(name, value);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${name} must be a URL, got ${JSON.stringify(url)}`);
  }
  if (parsed.protocol === 'https:' || (parsed.protocol === 'http:' && isLoopback(parsed.hostname)))
    return url;
  throw new ConfigError(
    `${name} must be an https URL (http only on a loopback address), got ${JSON.stringify(url)}`,
  );
}

/** Plain http is allowed only where nobody can listen in: this machine. */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

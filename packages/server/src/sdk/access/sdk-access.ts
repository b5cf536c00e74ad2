import type { IncomingHttpHeaders } from 'node:http';
import type { FlagSetRegistry, PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';
import { adminTokenPrefix } from '../../kernel/secrets.js';
import type { SdkKeyAuthenticator, SdkPrincipal } from './sdk-key-authenticator.js';

/** Environment served when SDK endpoints are open (file mode: one environment, no keys). */
export const OPEN_ACCESS_ENVIRONMENT_ID = 'file';

export type SdkAccessDenial = {
  ok: false;
  status: 401 | 403 | 503;
  code: 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_READY';
  message: string;
};

export type SdkAccess =
  | {
      ok: true;
      principal: SdkPrincipal;
      published: PublishedFlagSet;
      /** The key as presented (undefined in open mode), to hand back in stream URLs. */
      rawKey: string | undefined;
    }
  | SdkAccessDenial;

export interface SdkAccessOptions {
  /** Only server keys may read targeting rules (flag-set sync and its stream). */
  requireServerKey: boolean;
  /** EventSource cannot set headers: the OFREP notification stream also takes `?key=`. */
  queryKey?: string | undefined;
}

const OPEN_PRINCIPAL: SdkPrincipal = {
  keyId: 'open',
  environmentId: OPEN_ACCESS_ENVIRONMENT_ID,
  kind: 'server',
};

/**
 * Resolves the flag set an SDK request may read. The key alone determines the environment, so
 * a key can never read another environment. `authenticator` null means open access (file mode).
 */
export class SdkAccessResolver {
  readonly #registry: FlagSetRegistry;
  readonly #authenticator: SdkKeyAuthenticator | null;

  constructor(registry: FlagSetRegistry, authenticator: SdkKeyAuthenticator | null) {
    this.#registry = registry;
    this.#authenticator = authenticator;
  }

  /** True when SDK endpoints need no key (file mode). */
  get open(): boolean {
    return this.#authenticator === null;
  }

  resolve(headers: IncomingHttpHeaders, options: SdkAccessOptions): SdkAccess {
    const rawKey = this.#authenticator
      ? (presentedKey(headers) ?? (options.queryKey || undefined))
      : undefined;
    return this.resolveKey(rawKey, options);
  }

  /** As `resolve`, for a key already taken from the request (flagd clients also send it as a selector). */
  resolveKey(rawKey: string | undefined, options: Pick<SdkAccessOptions, 'requireServerKey'>): SdkAccess {
    let principal = OPEN_PRINCIPAL;
    if (this.#authenticator) {
      if (rawKey === undefined) {
        return deny(
          401,
          'UNAUTHORIZED',
          'an SDK key is required: send it as X-API-Key or Authorization: Bearer',
        );
      }
      const found = this.#authenticator.authenticate(rawKey);
      if (!found && rawKey.startsWith(adminTokenPrefix)) {
        return deny(
          401,
          'UNAUTHORIZED',
          'this is an admin token: SDK endpoints take an SDK key of one environment (create one with POST /api/v1/projects/{project}/environments/{env}/sdk-keys)',
        );
      }
      if (!found) return deny(401, 'UNAUTHORIZED', 'unknown or revoked SDK key');
      principal = found;
    }
    if (options.requireServerKey && principal.kind !== 'server') {
      return deny(
        403,
        'FORBIDDEN',
        'this endpoint needs a server SDK key; client keys may only use OFREP evaluation',
      );
    }
    const published = this.#registry.get(principal.environmentId);
    if (!published) return deny(503, 'NOT_READY', "the environment's flag set is not loaded yet");
    return { ok: true, principal, published, rawKey };
  }

  /** Whether a key that opened a long-lived stream is still valid (not revoked) for its environment. */
  stillAllowed(rawKey: string | undefined, environmentId: string): boolean {
    if (!this.#authenticator) return true;
    if (rawKey === undefined) return false;
    return this.#authenticator.authenticate(rawKey)?.environmentId === environmentId;
  }
}

function deny(
  status: SdkAccessDenial['status'],
  code: SdkAccessDenial['code'],
  message: string,
): SdkAccessDenial {
  return { ok: false, status, code, message };
}

/** `X-API-Key: <key>` or `Authorization: Bearer <key>` (the two OFREP security schemes). */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return apiKey.trim();
  const authorization = headers.authorization;
  if (authorization !== undefined && authorization.length > 7 && /^bearer /i.test(authorization)) {
    const token = authorization.slice(7).trim();
    if (token !== '') return token;
  }
  return undefined;
}

import { Code, ConnectError } from '@connectrpc/connect';
import type { SdkAccess, SdkAccessDenial, SdkAccessResolver } from '../access/sdk-access.js';
import { presentedCredentials, SDK_KEY_SELECTOR_PREFIX } from './flagd-credentials.js';

export type FlagdGrant = Extract<SdkAccess, { ok: true }> & {
  /** Where the key came from (none: no key shown, which only file mode accepts). */
  keySource: 'metadata' | 'selector' | 'none';
};

export interface FlagdAccessRequest {
  /** Sync hands out targeting rules: server keys only. Evaluation answers only values: client keys too. */
  requireServerKey: boolean;
  /** The request message's selector field (sync requests have one). */
  bodySelector?: string;
}

const NO_KEY_MESSAGE = `an SDK key is required: send it as x-api-key (or authorization: Bearer) metadata, or, where the provider cannot send metadata, as its selector "${SDK_KEY_SELECTOR_PREFIX}<SDK key>"`;

const CLIENT_KEY_MESSAGE =
  'this is a client SDK key: flag-set sync hands out targeting rules and needs a server key; client keys may only evaluate (flagd.evaluation, OFREP)';

/**
 * The same key rules as OFREP and the SSE sync, spoken in gRPC status codes: no key or an unknown one is
 * UNAUTHENTICATED, a client key where a server key is needed PERMISSION_DENIED.
 */
export class FlagdAccess {
  readonly #access: SdkAccessResolver;

  constructor(access: SdkAccessResolver) {
    this.#access = access;
  }

  /** The caller's environment and flag set; throws the ConnectError to answer with otherwise. */
  authorize(headers: Headers, request: FlagdAccessRequest): FlagdGrant {
    const grant = this.authorizeIfKeyed(headers, request);
    if (grant === undefined) throw missingKeyError();
    return grant;
  }

  /** As `authorize`, but a request that shows no key at all (outside file mode) gives undefined. */
  authorizeIfKeyed(headers: Headers, request: FlagdAccessRequest): FlagdGrant | undefined {
    const credentials = presentedCredentials(headers, request.bodySelector);
    if (!credentials.ok) throw new ConnectError(credentials.message, Code.InvalidArgument);
    if (credentials.key === undefined && !this.#access.open) return undefined;
    const access = this.#access.resolveKey(credentials.key, request);
    if (!access.ok) throw denialError(access);
    return { ...access, keySource: credentials.source };
  }
}

function denialError(denial: SdkAccessDenial): ConnectError {
  switch (denial.status) {
    case 401:
      return new ConnectError(denial.message, Code.Unauthenticated);
    case 403:
      return new ConnectError(CLIENT_KEY_MESSAGE, Code.PermissionDenied);
    case 503:
      return new ConnectError(denial.message, Code.Unavailable);
  }
}

/** The answer to a request that shows no key. */
export function missingKeyError(): ConnectError {
  return new ConnectError(NO_KEY_MESSAGE, Code.Unauthenticated);
}

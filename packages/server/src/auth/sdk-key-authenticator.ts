import type { Db } from '../storage/database.js';
import { listSdkKeys, type SdkKey } from './sdk-key-store.js';
import { hashSecret } from './secrets.js';

export interface SdkPrincipal {
  keyId: string;
  environmentId: string;
  kind: 'server' | 'client';
}

export interface SdkKeyAuthenticator {
  authenticate(rawKey: string): SdkPrincipal | null;
}

/**
 * SDK keys in memory (hash → principal), so the evaluation hot path never reads the database.
 * Kept current by the key routes (`add` on create, `revoke` on revoke) after their commit.
 */
export class InMemorySdkKeyAuthenticator implements SdkKeyAuthenticator {
  readonly #byHash = new Map<string, SdkPrincipal>();

  static async load(db: Db): Promise<InMemorySdkKeyAuthenticator> {
    const authenticator = new InMemorySdkKeyAuthenticator();
    await authenticator.reload(db);
    return authenticator;
  }

  /** Replaces the whole set from the database in one swap (keys created or revoked by other replicas). */
  async reload(db: Db): Promise<void> {
    const next = new Map<string, SdkPrincipal>();
    for (const key of await listSdkKeys(db)) {
      if (key.revokedAt === null) next.set(key.keyHash, principalOf(key));
    }
    this.#byHash.clear();
    for (const [hash, principal] of next) this.#byHash.set(hash, principal);
  }

  authenticate(rawKey: string): SdkPrincipal | null {
    if (rawKey.length === 0 || rawKey.length > 200) return null;
    return this.#byHash.get(hashSecret(rawKey)) ?? null;
  }

  add(key: SdkKey): void {
    this.#byHash.set(key.keyHash, principalOf(key));
  }

  revoke(key: SdkKey): void {
    this.#byHash.delete(key.keyHash);
  }

  /** Forgets every key of deleted environments (their rows went with them). */
  removeEnvironments(environmentIds: readonly string[]): void {
    const gone = new Set(environmentIds);
    for (const [hash, principal] of this.#byHash)
      if (gone.has(principal.environmentId)) this.#byHash.delete(hash);
  }
}

function principalOf(key: SdkKey): SdkPrincipal {
  return { keyId: key.id, environmentId: key.environmentId, kind: key.kind };
}

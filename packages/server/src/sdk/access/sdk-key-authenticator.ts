import { hashSecret } from '../../kernel/secrets.js';
import { type SdkKey, sdkKeyStore } from '../../sdk-keys/sdk-key-store.js';
import type { Queryable } from '../../storage/database.js';

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
 * Kept current after each commit (`add`, `revoke`) and from other replicas (`replaceAll`).
 * Listeners hear of every key that stops being valid, so open streams can be cut at once.
 */
export class InMemorySdkKeyAuthenticator implements SdkKeyAuthenticator {
  readonly #byHash = new Map<string, SdkPrincipal>();
  /**
   * Keys recently presented and found, so a request costs a map lookup rather than a SHA-256. Only
   * valid keys are kept (made-up keys cannot fill it), and it is emptied whenever a key stops being
   * valid, so a revoked key fails at once.
   */
  readonly #recent = new Map<string, SdkPrincipal>();
  readonly #revocationListeners = new Set<(keyIds: ReadonlySet<string>) => void>();

  static async load(db: Queryable): Promise<InMemorySdkKeyAuthenticator> {
    const authenticator = new InMemorySdkKeyAuthenticator();
    await authenticator.reload(db);
    return authenticator;
  }

  /** Replaces the whole set with what storage holds. */
  async reload(db: Queryable): Promise<void> {
    this.replaceAll(await sdkKeyStore(db).list());
  }

  /** Replaces the whole set in one swap (keys created or revoked by other replicas). */
  replaceAll(keys: readonly SdkKey[]): void {
    const next = new Map<string, SdkPrincipal>();
    for (const key of keys) if (key.revokedAt === null) next.set(key.keyHash, principalOf(key));
    const gone = new Set<string>();
    for (const [hash, principal] of this.#byHash) if (!next.has(hash)) gone.add(principal.keyId);
    this.#byHash.clear();
    this.#recent.clear();
    for (const [hash, principal] of next) this.#byHash.set(hash, principal);
    this.#revoked(gone);
  }

  authenticate(rawKey: string): SdkPrincipal | null {
    if (rawKey.length === 0 || rawKey.length > 200) return null;
    const recent = this.#recent.get(rawKey);
    if (recent !== undefined) return recent;
    const found = this.#byHash.get(hashSecret(rawKey));
    if (found === undefined) return null;
    if (this.#recent.size >= RECENT_KEYS) this.#recent.clear();
    this.#recent.set(rawKey, found);
    return found;
  }

  add(key: SdkKey): void {
    this.#byHash.set(key.keyHash, principalOf(key));
  }

  revoke(key: SdkKey): void {
    this.#byHash.delete(key.keyHash);
    this.#recent.clear();
    this.#revoked(new Set([key.id]));
  }

  /** Forgets every key of deleted environments (their rows went with them). */
  removeEnvironments(environmentIds: readonly string[]): void {
    const environments = new Set(environmentIds);
    const gone = new Set<string>();
    for (const [hash, principal] of this.#byHash) {
      if (environments.has(principal.environmentId)) {
        this.#byHash.delete(hash);
        this.#recent.clear();
        gone.add(principal.keyId);
      }
    }
    this.#revoked(gone);
  }

  /** Calls `listener` with the ids of keys that stopped being valid; returns the unsubscribe. */
  onRevoked(listener: (keyIds: ReadonlySet<string>) => void): () => void {
    this.#revocationListeners.add(listener);
    return () => this.#revocationListeners.delete(listener);
  }

  #revoked(keyIds: ReadonlySet<string>): void {
    if (keyIds.size === 0) return;
    for (const listener of [...this.#revocationListeners]) listener(keyIds);
  }
}

/** Distinct keys remembered; a fleet's keys are few, so overflowing just starts over. */
const RECENT_KEYS = 1024;

function principalOf(key: SdkKey): SdkPrincipal {
  return { keyId: key.id, environmentId: key.environmentId, kind: key.kind };
}

import { createHash } from 'node:crypto';
import { type FlagDefinition, FlagSet, type FlagSetDocument } from '@switchyard/core';
import { canonicalJson } from './canonical-json.js';
import { type FlagSetDelta, FlagSetDeltaLog } from './flag-set-delta-log.js';

export interface EnvironmentRef {
  environmentId: string;
  projectKey: string;
  environmentKey: string;
}

export interface PublishedFlagSet {
  env: EnvironmentRef;
  /** Environment version: +1 (at least) on every committed change to its flag set. */
  version: number;
  /** The flagd document as published (raw JSON Logic preserved). */
  document: FlagSetDocument;
  /** `document` serialised once at publish time, so sync responses do not re-serialise it. */
  documentJson: string;
  flagSet: FlagSet;
  /** Strong ETag (quoted) of the document's canonical form. */
  etag: string;
  updatedAt: Date;
}

export interface FlagSetChange {
  env: EnvironmentRef;
  version: number;
  previousVersion: number;
  /** Flags added, changed or removed. */
  changedFlagKeys: string[];
  /** Evaluators or flag-set metadata changed (or first publish): clients must take the whole document. */
  full: boolean;
}

export type FlagSetListener = (change: FlagSetChange, published: PublishedFlagSet) => void;

interface Subscription {
  listener: FlagSetListener;
  onRemoved: (() => void) | undefined;
}

export interface FlagSetRegistryOptions {
  /** How many deltas per environment are kept for stream resumption. */
  deltaLogLimit?: number;
  now?: () => Date;
  /** A throwing listener must not break a publish; its error is reported here. */
  onListenerError?: (error: unknown) => void;
}

/**
 * The in-memory, compiled flag set of every environment: what the evaluation hot path reads.
 * A publish compiles first and swaps the reference only on success, so readers always see
 * one complete flag set, old or new, never a mix.
 */
export class FlagSetRegistry {
  readonly #sets = new Map<string, PublishedFlagSet>();
  readonly #fingerprints = new Map<string, Map<string, string>>();
  readonly #subscriptions = new Map<string, Set<Subscription>>();
  readonly #deltas: FlagSetDeltaLog;
  readonly #now: () => Date;
  readonly #onListenerError: (error: unknown) => void;

  constructor(options: FlagSetRegistryOptions = {}) {
    this.#deltas = new FlagSetDeltaLog(options.deltaLogLimit ?? 256);
    this.#now = options.now ?? (() => new Date());
    this.#onListenerError = options.onListenerError ?? (() => {});
  }

  /**
   * Compiles `document` and makes it the environment's flag set. Throws `FlagSetValidationError`
   * (nothing changes) when the document cannot be compiled. A version not newer than the
   * published one is ignored: concurrent commits may publish out of order, and the newer
   * publish already carries the older change.
   */
  publish(env: EnvironmentRef, document: FlagSetDocument, version: number): FlagSetChange {
    if (!Number.isSafeInteger(version) || version < 0) {
      throw new RangeError(`version must be a non-negative safe integer, got ${String(version)}`);
    }
    const previous = this.#sets.get(env.environmentId);
    if (previous && version <= previous.version) {
      return {
        env: previous.env,
        version: previous.version,
        previousVersion: previous.version,
        changedFlagKeys: [],
        full: false,
      };
    }

    const flagSet = FlagSet.parse(document);
    const fingerprints = flagFingerprints(document);
    const previousFingerprints = this.#fingerprints.get(env.environmentId);
    const changedFlagKeys = diffKeys(previousFingerprints, fingerprints);
    const full =
      !previous ||
      canonicalJson(previous.document.$evaluators ?? {}) !== canonicalJson(document.$evaluators ?? {}) ||
      canonicalJson(previous.document.metadata ?? {}) !== canonicalJson(document.metadata ?? {});

    const published: PublishedFlagSet = {
      env,
      version,
      document,
      documentJson: JSON.stringify(document),
      flagSet,
      etag: documentEtag(document),
      updatedAt: this.#now(),
    };
    this.#sets.set(env.environmentId, published);
    this.#fingerprints.set(env.environmentId, fingerprints);

    const previousVersion = previous?.version ?? 0;
    const change: FlagSetChange = { env, version, previousVersion, changedFlagKeys, full };
    this.#deltas.append(env.environmentId, toDelta(change, document));
    this.#notify(env.environmentId, change, published);
    return change;
  }

  get(environmentId: string): PublishedFlagSet | undefined {
    return this.#sets.get(environmentId);
  }

  /** Every published environment (for metrics and readiness). */
  all(): IterableIterator<PublishedFlagSet> {
    return this.#sets.values();
  }

  /**
   * The deltas from `sinceVersion` to the current version, oldest first; `undefined` when the
   * bounded history cannot cover that range (the client must take the whole document).
   */
  changesSince(environmentId: string, sinceVersion: number): FlagSetDelta[] | undefined {
    const current = this.#sets.get(environmentId);
    if (!current) return undefined;
    return this.#deltas.since(environmentId, sinceVersion, current.version);
  }

  /**
   * Calls `listener` after every successful publish to the environment. `onRemoved` is called
   * once if the environment is removed (its subscriptions end then).
   */
  subscribe(environmentId: string, listener: FlagSetListener, onRemoved?: () => void): () => void {
    let set = this.#subscriptions.get(environmentId);
    if (!set) {
      set = new Set();
      this.#subscriptions.set(environmentId, set);
    }
    const subscription: Subscription = { listener, onRemoved };
    set.add(subscription);
    return () => {
      const current = this.#subscriptions.get(environmentId);
      if (!current) return;
      current.delete(subscription);
      if (current.size === 0) this.#subscriptions.delete(environmentId);
    };
  }

  remove(environmentId: string): void {
    this.#sets.delete(environmentId);
    this.#fingerprints.delete(environmentId);
    this.#deltas.delete(environmentId);
    const subscriptions = this.#subscriptions.get(environmentId);
    this.#subscriptions.delete(environmentId);
    for (const subscription of subscriptions ?? []) {
      try {
        subscription.onRemoved?.();
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }

  #notify(environmentId: string, change: FlagSetChange, published: PublishedFlagSet): void {
    const subscriptions = this.#subscriptions.get(environmentId);
    if (!subscriptions) return;
    // Copy: a listener may unsubscribe while being notified.
    for (const subscription of [...subscriptions]) {
      try {
        subscription.listener(change, published);
      } catch (error) {
        this.#onListenerError(error);
      }
    }
  }
}

function flagFingerprints(document: FlagSetDocument): Map<string, string> {
  const result = new Map<string, string>();
  for (const [key, definition] of Object.entries(document.flags ?? {})) {
    result.set(key, canonicalJson(definition));
  }
  return result;
}

function diffKeys(before: Map<string, string> | undefined, after: Map<string, string>): string[] {
  const changed: string[] = [];
  for (const [key, fingerprint] of after) {
    if (before?.get(key) !== fingerprint) changed.push(key);
  }
  for (const key of before?.keys() ?? []) {
    if (!after.has(key)) changed.push(key);
  }
  return changed.sort();
}

function toDelta(change: FlagSetChange, document: FlagSetDocument): FlagSetDelta {
  // No prototype: a flag may be named `__proto__` or `constructor` (file mode takes any key).
  const flags: Record<string, FlagDefinition | null> = Object.create(null);
  for (const key of change.changedFlagKeys)
    flags[key] = Object.hasOwn(document.flags, key) ? document.flags[key]! : null;
  return { version: change.version, previousVersion: change.previousVersion, full: change.full, flags };
}

/** Strong ETag of a document: the hash of its canonical JSON, so key order does not matter. */
export function documentEtag(document: FlagSetDocument): string {
  const hash = createHash('sha256').update(canonicalJson(document)).digest('base64url').slice(0, 27);
  return `"${hash}"`;
}

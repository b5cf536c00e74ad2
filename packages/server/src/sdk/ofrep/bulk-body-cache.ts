import type { ResolutionDetails } from '@switchyard/core';
import type { PublishedFlagSet } from '../../flag-sets/flag-set-registry.js';

/** A bulk answer built once and sent again while the evaluated results stay the same. */
export interface CachedBulkBody {
  /** The result of every flag, in the flag set's order (each a frozen object core reuses). */
  results: readonly ResolutionDetails[];
  rawKey: string | undefined;
  text: string;
  bytes: Buffer;
  etag: string;
}

/** Bodies kept per flag set: a few distinct outcomes (segments of users) stay warm. */
const SLOTS = 8;

/**
 * Bulk answers by flag set. Core returns the same frozen result object for every evaluation that
 * lands on the same variant, so a bulk answer is the same text whenever every flag's result is the
 * same object: comparing references replaces writing 50 entries, joining them and hashing the body.
 * Results that are not frozen (errors, built per call) are never cached. A newly published flag set
 * is a new object, so its answers start afresh and the old ones go with it (WeakMap).
 */
export class BulkBodyCache {
  readonly #bySet = new WeakMap<PublishedFlagSet, CachedBulkBody[]>();

  find(
    published: PublishedFlagSet,
    results: readonly ResolutionDetails[],
    rawKey: string | undefined,
  ): CachedBulkBody | undefined {
    const slots = this.#bySet.get(published);
    if (slots === undefined) return undefined;
    for (const slot of slots) if (slot.rawKey === rawKey && sameResults(slot.results, results)) return slot;
    return undefined;
  }

  /** Keeps `body` unless a result is not reusable; the oldest body makes room. */
  store(published: PublishedFlagSet, body: CachedBulkBody): void {
    for (const details of body.results) if (!Object.isFrozen(details)) return;
    let slots = this.#bySet.get(published);
    if (slots === undefined) {
      slots = [];
      this.#bySet.set(published, slots);
    }
    if (slots.length >= SLOTS) slots.shift();
    slots.push(body);
  }
}

function sameResults(a: readonly ResolutionDetails[], b: readonly ResolutionDetails[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

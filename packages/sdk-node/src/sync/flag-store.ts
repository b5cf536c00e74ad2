import { type FlagDefinition, FlagSet, type FlagSetDocument } from '@switchyard/core';
import { changedFlagKeys } from './changed-flags.js';

/** Where the flag set being served came from. */
export type FlagSetSource = 'server' | 'bootstrap';

/** A `change` event: the flags that changed between two versions (null: removed). */
export interface FlagSetPatch {
  version: number;
  previousVersion: number;
  flags: Record<string, FlagDefinition | null>;
}

export type PatchOutcome =
  | { kind: 'applied'; changedKeys: string[] }
  /** Already applied (a replay): nothing to do. */
  | { kind: 'duplicate' }
  /** The patch does not follow the version held: the whole set must be fetched again. */
  | { kind: 'gap' };

/**
 * The flag set a provider serves. Replaced whole or patched, always by swapping in a newly
 * parsed FlagSet, so an evaluation sees either the old set or the new one, never a mix.
 */
export class FlagStore {
  #flagSet: FlagSet | undefined;
  #version: number | undefined;
  #etag: string | undefined;
  #source: FlagSetSource | undefined;

  /** The compiled set, or undefined before anything was loaded. */
  get flagSet(): FlagSet | undefined {
    return this.#flagSet;
  }

  /** The server's version of the set held; undefined when it came from a bootstrap (or nothing yet). */
  get version(): number | undefined {
    return this.#version;
  }

  get etag(): string | undefined {
    return this.#etag;
  }

  get source(): FlagSetSource | undefined {
    return this.#source;
  }

  /**
   * Swaps in a whole document and returns the keys of the flags that changed. Throws
   * FlagSetValidationError (and keeps the current set) when the document cannot be parsed.
   */
  replace(
    document: FlagSetDocument,
    meta: { source: FlagSetSource; version?: number | undefined; etag?: string | undefined },
  ): string[] {
    const next = FlagSet.parse(document);
    const changed = changedFlagKeys(this.#flagSet?.document, next.document);
    this.#flagSet = next;
    this.#version = meta.version;
    this.#etag = meta.etag;
    this.#source = meta.source;
    return changed;
  }

  /**
   * Applies a `change` event on top of the held version. Only the changed flags are built again
   * (FlagSet.withFlags): every other flag keeps its compiled targeting.
   */
  patch(patch: FlagSetPatch): PatchOutcome {
    const current = this.#flagSet;
    if (current === undefined || this.#version === undefined) return { kind: 'gap' };
    if (patch.version <= this.#version) return { kind: 'duplicate' };
    if (patch.previousVersion !== this.#version) return { kind: 'gap' };
    this.#flagSet = current.withFlags(patch.flags);
    this.#version = patch.version;
    // The document changed: its etag is unknown until the next full fetch.
    this.#etag = undefined;
    return { kind: 'applied', changedKeys: Object.keys(patch.flags) };
  }
}

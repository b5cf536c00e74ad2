import type { FlagDefinition } from '@switchyard/core';

/** One committed change to an environment's flag set, as the SDK stream replays it. */
export interface FlagSetDelta {
  readonly version: number;
  readonly previousVersion: number;
  /** True when evaluators or flag-set metadata changed: a client must take the whole document. */
  readonly full: boolean;
  /** Changed flags: the new definition, or null when the flag was removed. */
  readonly flags: Readonly<Record<string, FlagDefinition | null>>;
}

/**
 * A bounded, per-environment history of deltas, so a reconnecting SDK can catch up with
 * the changes it missed instead of downloading the whole flag set.
 */
export class FlagSetDeltaLog {
  readonly #limit: number;
  readonly #entries = new Map<string, FlagSetDelta[]>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  append(environmentId: string, delta: FlagSetDelta): void {
    let list = this.#entries.get(environmentId);
    if (!list) {
      list = [];
      this.#entries.set(environmentId, list);
    }
    list.push(delta);
    if (list.length > this.#limit) list.splice(0, list.length - this.#limit);
  }

  /**
   * The deltas that take a client from `sinceVersion` to the latest version, oldest first;
   * `undefined` when the log cannot do it (too old, unknown version, or a full change in between).
   */
  since(environmentId: string, sinceVersion: number, currentVersion: number): FlagSetDelta[] | undefined {
    if (sinceVersion === currentVersion) return [];
    const list = this.#entries.get(environmentId);
    if (!list) return undefined;
    // Versions need not be consecutive (file mode uses timestamps), so follow the previousVersion chain.
    const start = list.findIndex((delta) => delta.previousVersion === sinceVersion);
    if (start < 0) return undefined;
    const tail = list.slice(start);
    if (tail.some((delta) => delta.full)) return undefined;
    return tail;
  }

  delete(environmentId: string): void {
    this.#entries.delete(environmentId);
  }
}

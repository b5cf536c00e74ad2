/**
 * Remembers which (unit, flag, variant) exposures were sent, so each is sent once per window
 * rather than once per evaluation. Bounded: past `limit` entries the least recently seen is
 * forgotten (at worst it is sent again; the server counts units, not exposures).
 */
export class ExposureDedup {
  readonly #windowMs: number;
  readonly #limit: number;
  /** key → when it was last sent; Map order is least recently seen first. */
  readonly #sentAt = new Map<string, number>();

  constructor(windowMs: number, limit: number) {
    this.#windowMs = windowMs;
    this.#limit = limit;
  }

  get size(): number {
    return this.#sentAt.size;
  }

  /** True when this exposure is to be sent now (not sent within the window); remembers it. */
  admit(targetingKey: string, flag: string, variant: string, now: number): boolean {
    // JSON of the three parts: no separator a key could contain can make two exposures collide.
    const key = JSON.stringify([targetingKey, flag, variant]);
    const sentAt = this.#sentAt.get(key);
    if (sentAt !== undefined) this.#sentAt.delete(key);
    const admit = sentAt === undefined || now - sentAt >= this.#windowMs;
    this.#sentAt.set(key, admit ? now : (sentAt as number));
    if (this.#sentAt.size > this.#limit) {
      const oldest = this.#sentAt.keys().next().value;
      if (oldest !== undefined) this.#sentAt.delete(oldest);
    }
    return admit;
  }
}

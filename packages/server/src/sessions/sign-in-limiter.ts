import { tooManyRequests } from '../kernel/errors.js';

export interface SignInLimits {
  /** Failed sign-ins a client may make per window before it must wait. */
  maxFailures: number;
  windowMs: number;
}

export const defaultSignInLimits: SignInLimits = { maxFailures: 10, windowMs: 60_000 };

/** Clients remembered at most; beyond it the oldest windows are dropped (memory stays bounded). */
const MAX_CLIENTS = 10_000;

/**
 * Slows down guessing admin tokens through the sign-in form: a client (by address) that failed
 * `maxFailures` times within a window is refused with 429 until the window ends. Tokens have 256
 * bits of entropy, so this is about noise and log volume more than about the odds of a guess.
 */
export class SignInLimiter {
  readonly #failures = new Map<string, { count: number; since: number }>();

  constructor(
    private readonly limits: SignInLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws 429 when the client has used up its failures for the current window. */
  check(client: string): void {
    const entry = this.#current(client);
    if (entry && entry.count >= this.limits.maxFailures) {
      const seconds = Math.ceil((entry.since + this.limits.windowMs - this.now()) / 1000);
      throw tooManyRequests(`too many failed sign-ins from this address: try again in ${seconds} s`);
    }
  }

  failed(client: string): void {
    const entry = this.#current(client);
    if (entry) {
      entry.count += 1;
      return;
    }
    if (this.#failures.size >= MAX_CLIENTS) {
      const oldest = this.#failures.keys().next().value;
      if (oldest !== undefined) this.#failures.delete(oldest);
    }
    this.#failures.set(client, { count: 1, since: this.now() });
  }

  succeeded(client: string): void {
    this.#failures.delete(client);
  }

  #current(client: string) {
    const entry = this.#failures.get(client);
    if (entry && this.now() - entry.since >= this.limits.windowMs) {
      this.#failures.delete(client);
      return undefined;
    }
    return entry;
  }
}

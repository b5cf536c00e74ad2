export interface BackoffOptions {
  /** Delay before the first retry. */
  initialDelayMs: number;
  /** Upper bound of any delay. */
  maxDelayMs: number;
  /** Growth per failed attempt. */
  multiplier: number;
  /** Fraction of the delay that is randomised (0: none; 1: anywhere from 0 to the delay). */
  jitter: number;
}

export const defaultBackoff: BackoffOptions = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 0.5,
};

/**
 * Delay before retry number `attempt` (0 for the first): exponential, capped, and randomly
 * shortened by up to `jitter` of itself so that many clients cut off together (a server restart)
 * do not come back in lockstep.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const exponential = options.initialDelayMs * options.multiplier ** Math.max(0, attempt);
  const capped = Math.min(options.maxDelayMs, exponential);
  return Math.round(capped * (1 - options.jitter * random()));
}

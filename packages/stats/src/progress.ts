import { InvalidArgumentError } from './errors.js';
import { requireCount, requireFinite } from './validate.js';

const DAY_MS = 86_400_000;

export interface RemainingSample {
  /** Units each variant still needs (0 once reached). */
  readonly perVariant: readonly number[];
  readonly total: number;
  readonly complete: boolean;
}

/** How many more units each variant needs to reach the planned per-variant sample size. */
export function remainingSample(requiredPerVariant: number, observed: readonly number[]): RemainingSample {
  requireCount('requiredPerVariant', requiredPerVariant, 1);
  if (!Array.isArray(observed) || observed.length === 0)
    throw new InvalidArgumentError('observed', 'must list the units of every variant so far', observed);
  const perVariant = observed.map((units, i) =>
    Math.max(0, requiredPerVariant - requireCount(`observed[${i}]`, units)),
  );
  const total = perVariant.reduce((a, b) => a + b, 0);
  return { perVariant, total, complete: total === 0 };
}

export interface EndEstimate extends RemainingSample {
  /** Epoch milliseconds when the slowest variant reaches the target at its observed rate; null if a variant has had no traffic. */
  readonly endsAt: number | null;
  readonly daysRemaining: number | null;
}

/**
 * Projects the end of an experiment from the traffic observed since it started: each variant keeps its own
 * observed rate (uneven weights and traffic are respected) and the slowest one decides. Times are epoch
 * milliseconds passed by the caller; nothing here reads a clock.
 */
export function estimateEnd(input: {
  readonly requiredPerVariant: number;
  readonly observed: readonly number[];
  readonly startedAt: number;
  readonly now: number;
}): EndEstimate {
  const startedAt = requireFinite('startedAt', input.startedAt);
  const now = requireFinite('now', input.now);
  if (!(now > startedAt))
    throw new InvalidArgumentError('now', `must be after startedAt (${startedAt})`, now);
  const remaining = remainingSample(input.requiredPerVariant, input.observed);
  if (remaining.complete) return { ...remaining, endsAt: now, daysRemaining: 0 };
  const elapsed = now - startedAt;
  let longest = 0;
  for (const [i, units] of input.observed.entries()) {
    const left = remaining.perVariant[i]!;
    if (left === 0) continue;
    if (units === 0) return { ...remaining, endsAt: null, daysRemaining: null };
    longest = Math.max(longest, (left * elapsed) / units);
  }
  return { ...remaining, endsAt: now + longest, daysRemaining: longest / DAY_MS };
}

export interface Interval {
  readonly lower: number;
  readonly upper: number;
}

/** An effect (difference or lift) with its standard error and an interval around it. */
export interface Effect {
  readonly estimate: number;
  readonly standardError: number;
  readonly interval: Interval;
}

export function symmetric(center: number, halfWidth: number): Interval {
  return { lower: center - halfWidth, upper: center + halfWidth };
}

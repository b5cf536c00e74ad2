const logistic = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * A logistic ramp sampled once per interval, in basis points. The curve σ(k(x − ½)) over x = t / duration is
 * rescaled so it starts exactly at `start` and ends exactly at `end`; k sets how sharp the middle is (k → 0
 * approaches a straight line). Samples that round to the previous weight are dropped, so weights strictly grow.
 */
export function sCurveWeights(
  start: number,
  end: number,
  durationMs: number,
  intervalMs: number,
  k: number,
): number[] {
  const samples = Math.ceil(durationMs / intervalMs);
  const low = logistic(-k / 2);
  const span = logistic(k / 2) - low;
  const weights = [start];
  for (let i = 1; i <= samples; i++) {
    const x = Math.min(1, (i * intervalMs) / durationMs);
    const weight =
      i === samples ? end : Math.round(start + ((end - start) * (logistic(k * (x - 0.5)) - low)) / span);
    if (weight > weights[weights.length - 1]!) weights.push(weight);
  }
  return weights;
}

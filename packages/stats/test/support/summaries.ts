import type { MeanSummary, RatioSummary } from '@switchyard/stats';

const total = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** The summary of raw per-unit values, so tests can state references computed from the same raw data. */
export function summaryOf(xs: readonly number[]): MeanSummary {
  return { n: xs.length, sum: total(xs), sumSquares: total(xs.map((x) => x * x)) };
}

export function ratioSummaryOf(x: readonly number[], y: readonly number[]): RatioSummary {
  return {
    ...summaryOf(x),
    denominatorSum: total(y),
    denominatorSumSquares: total(y.map((v) => v * v)),
    crossSum: total(x.map((xi, i) => xi * y[i]!)),
  };
}

/** The summary of n units with the given mean and sample standard deviation. */
export function summaryFromMoments(n: number, mean: number, sd: number): MeanSummary {
  return { n, sum: n * mean, sumSquares: (n - 1) * sd * sd + n * mean * mean };
}

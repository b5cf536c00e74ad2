import type { MeanSummary } from '@switchyard/stats';

/** A seeded random source for simulations: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator). */
export interface Random {
  /** Uniform on (0, 1), never exactly 0 so logarithms are safe. */
  uniform(): number;
  normal(): number;
  /** Gamma(shape, 1) by Marsaglia–Tsang. */
  gamma(shape: number): number;
  /** Binomial(n, p) by summing geometric gaps between successes: exact, O(n·p) draws. */
  binomial(n: number, p: number): number;
}

export function seeded(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next32 = (): number => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  for (let i = 0; i < 20; i++) next32();
  const uniform = (): number => (next32() + 0.5) / 4294967296;
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const theta = 2 * Math.PI * uniform();
    spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  };
  const gamma = (shape: number): number => {
    if (shape < 1) return gamma(shape + 1) * uniform() ** (1 / shape);
    const d3 = shape - 1 / 3;
    const c3 = 1 / Math.sqrt(9 * d3);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c3 * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (Math.log(u) < 0.5 * x * x + d3 - d3 * v + d3 * Math.log(v)) return d3 * v;
    }
  };
  const binomial = (n: number, p: number): number => {
    const logQ = Math.log1p(-p);
    let successes = 0;
    let position = Math.floor(Math.log(uniform()) / logQ);
    while (position < n) {
      successes++;
      position += 1 + Math.floor(Math.log(uniform()) / logQ);
    }
    return successes;
  };
  return { uniform, normal, gamma, binomial };
}

/**
 * The exact summary of n draws from N(mean, sd²) without drawing them: the sample mean is N(mean, sd²/n) and,
 * independently, (n − 1)·s²/sd² is chi-square with n − 1 df (Cochran's theorem).
 */
export function normalSummary(random: Random, n: number, mean: number, sd: number): MeanSummary {
  const sampleMean = mean + (sd / Math.sqrt(n)) * random.normal();
  const sumSquaredDeviations = sd * sd * 2 * random.gamma((n - 1) / 2);
  return { n, sum: n * sampleMean, sumSquares: sumSquaredDeviations + n * sampleMean * sampleMean };
}

/** Adds two summaries of disjoint units (e.g. yesterday's total and today's batch). */
export function addSummaries(a: MeanSummary, b: MeanSummary): MeanSummary {
  return { n: a.n + b.n, sum: a.sum + b.sum, sumSquares: a.sumSquares + b.sumSquares };
}

// Distribution functions come from stdlib (ports of Boost/Cephes, accurate to ~1e-15), not hand-written code.
// Each module is CommonJS with `export =` typings; only their pure-JS entry points are loaded.
import gammainc from '@stdlib/math-base-special-gammainc';
import normalCdfImpl from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantileImpl from '@stdlib/stats-base-dists-normal-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import tQuantile from '@stdlib/stats-base-dists-t-quantile';

/** Standard normal CDF Φ(x). */
export function normalCdf(x: number): number {
  return normalCdfImpl(x, 0, 1);
}

/** Standard normal quantile Φ⁻¹(p). */
export function normalQuantile(p: number): number {
  return normalQuantileImpl(p, 0, 1);
}

/** Two-sided tail probability of Student's t with (possibly fractional) df. */
export function studentTTwoSided(t: number, df: number): number {
  // 2·F(−|t|) keeps precision for tiny p-values, where 2·(1 − F(|t|)) would round to 0.
  return Math.min(1, 2 * tCdf(-Math.abs(t), df));
}

/** Student's t quantile with (possibly fractional) df. */
export function studentTQuantile(p: number, df: number): number {
  return tQuantile(p, df);
}

/** Upper tail P(X ≥ x) of a chi-square with k degrees of freedom: the regularised upper incomplete gamma Q(k/2, x/2). */
export function chiSquareSurvival(x: number, k: number): number {
  if (x <= 0) return 1;
  return gammainc(x / 2, k / 2, true, true);
}

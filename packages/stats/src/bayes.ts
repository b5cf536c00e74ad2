import { normalCdf, normalQuantile } from './distributions.js';
import { absoluteEffect, validateEstimate } from './effects.js';
import type { Estimate } from './estimate.js';
import { type Interval, symmetric } from './interval.js';
import { requireOpenUnit } from './validate.js';

export interface ChanceToBeatControl {
  /** Posterior probability that the treatment's true value exceeds the control's. */
  readonly chanceToBeatControl: number;
  /** Posterior mean of treatment − control. */
  readonly expectedEffect: number;
  readonly standardError: number;
  /** Central (1 − alpha) credible interval of treatment − control. */
  readonly credibleInterval: Interval;
}

/**
 * Bayesian chance to beat control with a flat prior and a normal approximation on the ABSOLUTE effect:
 * the posterior of treatment − control is N(d, SE²), so P(treatment > control) = Φ(d / SE). The absolute
 * effect is used because it stays defined when the control value is 0; its sign is that of the lift. For a
 * metric where lower is better, the chance to be better is 1 − chanceToBeatControl.
 */
export function chanceToBeatControl(
  control: Estimate,
  treatment: Estimate,
  options: { readonly alpha?: number } = {},
): ChanceToBeatControl {
  const alpha = requireOpenUnit('alpha', options.alpha ?? 0.05);
  validateEstimate('control', control);
  validateEstimate('treatment', treatment);
  const { estimate, standardError } = absoluteEffect(control, treatment);
  return {
    chanceToBeatControl: normalCdf(estimate / standardError),
    expectedEffect: estimate,
    standardError,
    credibleInterval: symmetric(estimate, normalQuantile(1 - alpha / 2) * standardError),
  };
}

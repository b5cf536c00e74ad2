import type { MetricSnapshot, RolloutPlan, VariantMetrics } from '@switchyard/rollout';

export const SECOND = 1000;
export const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);

/** Ring "internal", then 10% → 50% → 100%, 30 s per step; an error-rate ceiling and a regression guardrail. */
export const plan: RolloutPlan = {
  variant: 'on',
  control: 'off',
  schedule: { shape: 'custom', steps: [10, 50, 100], interval: '30s' },
  rings: [{ name: 'internal', segment: 'employees' }],
  guardrails: [
    { metric: 'error-rate', max: 0.05 },
    { metric: 'error-rate', maxIncrease: 0.01 },
  ],
  minSamples: 100,
};

export function snapshot(on: VariantMetrics | undefined, off: VariantMetrics | undefined): MetricSnapshot {
  return { variants: { ...(on ? { on } : {}), ...(off ? { off } : {}) } };
}

/** Both variants at a 1% error rate with n requests each. */
export const healthy = (n = 1000) => snapshot({ n, errors: n / 100 }, { n, errors: n / 100 });

import type { OnBreach } from '../plan-types.js';

/**
 * pass: healthy with enough data. breach: the bound is crossed. insufficient-data: fewer than minSamples.
 * missing: the snapshot lacks the metric. not-applicable: a regression test at a step where the control gets
 * no traffic (100%); the step's thresholds still apply.
 */
export type GuardrailStatus = 'pass' | 'breach' | 'insufficient-data' | 'missing' | 'not-applicable';

/** The sequential test behind a regression guardrail, for the timeline. */
export interface RegressionEvidence {
  readonly scale: 'absolute' | 'relative';
  /** The tolerated increase (maxIncrease or maxRelativeIncrease). */
  readonly tolerance: number;
  /** Variant − control (absolute) or variant / control − 1 (relative). */
  readonly estimate: number;
  readonly standardError: number;
  /** Always-valid interval of the estimate. */
  readonly interval: { readonly lower: number; readonly upper: number };
  /** Standardised absolute difference. */
  readonly statistic: number;
  /** Always-valid p-value of "no difference". */
  readonly pValue: number;
  readonly alpha: number;
  /** Units in both variants. */
  readonly n: number;
}

export interface GuardrailResult {
  /** Position in plan.guardrails. */
  readonly index: number;
  readonly kind: 'threshold' | 'prometheus' | 'regression';
  /** The built-in metric name or the Prometheus query. */
  readonly metric: string;
  readonly status: GuardrailStatus;
  readonly onBreach: OnBreach;
  readonly message: string;
  /** The rolled-out variant's value (threshold and Prometheus guardrails). */
  readonly value?: number | null;
  readonly max?: number;
  readonly min?: number;
  readonly test?: RegressionEvidence;
}

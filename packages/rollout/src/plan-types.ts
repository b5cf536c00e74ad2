/** Schedules ramp the general population's weight (percent, multiples of 0.01) on the rolled-out variant. */
export type Schedule = ExponentialSchedule | LinearSchedule | SCurveSchedule | CustomSchedule;

interface ScheduleBase {
  /** Each step is held at least this long, e.g. "30s", "10m", "2h", "1d". */
  readonly interval: string;
}

/** start, start·factor, start·factor², … capped at max (default 100): 1 → 2 → 4 → … → 64 → 100. */
export interface ExponentialSchedule extends ScheduleBase {
  readonly shape: 'exponential';
  readonly start: number;
  readonly factor: number;
  readonly max?: number;
}

/** start, start + step, … capped at max (default 100). */
export interface LinearSchedule extends ScheduleBase {
  readonly shape: 'linear';
  readonly start: number;
  readonly step: number;
  readonly max?: number;
}

/** A logistic ramp from start to end (default 100) over duration, one step per interval; steepness k (default 10). */
export interface SCurveSchedule extends ScheduleBase {
  readonly shape: 's-curve';
  readonly start: number;
  readonly end?: number;
  readonly duration: string;
  readonly k?: number;
}

/** Explicit, strictly increasing weights (like Flagger's stepWeights). */
export interface CustomSchedule extends ScheduleBase {
  readonly shape: 'custom';
  readonly steps: readonly number[];
}

/** JSON Logic, as in flagd targeting. */
export type JsonLogic = { readonly [operator: string]: unknown };

/** An audience that gets the variant in full before the general population ramps: a segment key or a condition. */
export interface Ring {
  readonly name: string;
  readonly segment?: string;
  readonly condition?: JsonLogic;
}

export type OnBreach = 'rollback' | 'pause';

/** Metrics the policy derives from the snapshot itself. */
export type BuiltInMetric = 'error-rate' | 'latency-p50' | 'latency-p95' | 'latency-p99' | 'latency-mean';

/** Metrics that have a per-unit variance, so a regression against control can be tested. */
export type RegressionMetric = 'error-rate' | 'latency-mean';

/** An absolute bound on the rolled-out variant's value of a built-in metric. */
export interface ThresholdGuardrail {
  readonly metric: BuiltInMetric;
  readonly max?: number;
  readonly min?: number;
  readonly onBreach?: OnBreach;
}

/** An absolute bound on a Prometheus query that the caller evaluates for the rolled-out variant. */
export interface PrometheusGuardrail {
  readonly prometheus: string;
  readonly max?: number;
  readonly min?: number;
  readonly onBreach?: OnBreach;
}

/**
 * Breached when the always-valid interval of (variant − control) lies entirely above the tolerated increase:
 * `maxIncrease` in metric units (0.01 = one percentage point of error rate) or `maxRelativeIncrease` as a
 * fraction of control (0.1 = +10%). Exactly one of the two.
 */
export interface RegressionGuardrail {
  readonly metric: RegressionMetric;
  readonly maxIncrease?: number;
  readonly maxRelativeIncrease?: number;
  /** Error rate of the sequential test within a step. Default 0.05. */
  readonly alpha?: number;
  /** Units in both variants where the sequential interval is tightest. Default 5000. */
  readonly plannedSampleSize?: number;
  readonly onBreach?: OnBreach;
}

export type Guardrail = ThresholdGuardrail | PrometheusGuardrail | RegressionGuardrail;

/** The JSON plan the HTTP API accepts. */
export interface RolloutPlan {
  /** The variant being rolled out. */
  readonly variant: string;
  /** The variant it replaces: the rest of the split, and the comparison group of regression guardrails. */
  readonly control: string;
  /** Where a rollback sends everyone. Default: control. */
  readonly safeVariant?: string;
  readonly schedule: Schedule;
  readonly rings?: readonly Ring[];
  readonly guardrails: readonly Guardrail[];
  /** Units each variant a guardrail reads must have in the current step before it counts. Default 100. */
  readonly minSamples?: number;
}

export const DEFAULT_MIN_SAMPLES = 100;
export const DEFAULT_MAX_WEIGHT = 100;
export const DEFAULT_S_CURVE_K = 10;

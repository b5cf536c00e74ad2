/** The server's answers, as far as the CLI reads them (see packages/server/src/experiments). */

export type ExperimentStatus = 'draft' | 'running' | 'stopped';

export interface MetricMeasure {
  readonly event: string;
  readonly of: 'count' | 'value';
}

export interface ExperimentMetric {
  readonly key: string;
  readonly type: 'conversion' | 'count' | 'mean' | 'ratio';
  readonly event?: string;
  readonly numerator?: MetricMeasure;
  readonly denominator?: MetricMeasure;
  readonly higherIsBetter?: boolean;
}

export interface Experiment {
  readonly key: string;
  readonly project: string;
  readonly environment: string;
  readonly flag: string;
  readonly status: ExperimentStatus;
  readonly name: string;
  readonly hypothesis: string;
  readonly control: string;
  readonly weights: Readonly<Record<string, number>>;
  readonly primaryMetric: ExperimentMetric;
  readonly secondaryMetrics: readonly ExperimentMetric[];
  readonly guardrailMetrics: readonly ExperimentMetric[];
  readonly minimumDetectableEffect: number;
  readonly alpha: number;
  readonly power: number;
  readonly attributionWindow: string | null;
  readonly sequential: boolean;
  readonly salt: string;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  readonly outcome: { readonly served: string | null; readonly reason: string } | null;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

export interface ExperimentList {
  readonly experiments: readonly Experiment[];
}

export interface VariantResult {
  readonly variant: string;
  readonly units: number;
  readonly mean: number | null;
  readonly variance: number | null;
  readonly stdDev: number | null;
  readonly effect: number | null;
  readonly effectCi: readonly [number, number] | null;
  readonly relativeEffect: number | null;
  readonly ci: readonly [number, number] | null;
  readonly pValue: number | null;
  readonly significant: boolean | null;
  readonly chanceToBeatControl: number | null;
  readonly guardrail?: 'ok' | 'breached';
  readonly note?: string;
}

export interface MetricResult {
  readonly key: string;
  readonly type: ExperimentMetric['type'];
  readonly role: 'primary' | 'secondary' | 'guardrail';
  readonly higherIsBetter: boolean;
  readonly variants: readonly VariantResult[];
}

export interface ExperimentResults {
  readonly experiment: string;
  readonly flag: string;
  readonly status: ExperimentStatus;
  readonly startedAt: string | null;
  readonly stoppedAt: string | null;
  readonly computedAt: string;
  readonly method: 'welch-t' | 'sequential';
  readonly alpha: number;
  readonly comparisonAlpha: number;
  readonly units: number;
  readonly excludedUnits: number;
  readonly srm: {
    readonly pValue: number;
    readonly mismatch: boolean;
    readonly threshold: number;
    readonly chiSquare: number;
    readonly expected: Readonly<Record<string, number>>;
    readonly observed: Readonly<Record<string, number>>;
  } | null;
  readonly warnings: readonly string[];
  readonly primaryMetric: string;
  readonly variants: readonly VariantResult[];
  readonly metrics: readonly MetricResult[];
  readonly progress: {
    readonly requiredPerVariant: number;
    readonly remainingPerVariant: Readonly<Record<string, number>>;
    readonly complete: boolean;
    readonly estimatedEndAt: string | null;
    readonly daysRemaining: number | null;
  } | null;
  readonly progressNote?: string;
}

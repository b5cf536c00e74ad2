// The admin API's rollout answers (see `GET /api/v1/openapi.json`: Rollout, RolloutDetail, RolloutList),
// as far as the CLI reads them.

export type RolloutStatus = 'running' | 'paused' | 'completed' | 'rolled-back';

export interface PlannedStep {
  readonly index: number;
  readonly kind: 'ring' | 'percentage';
  readonly weight: number;
  readonly rings: readonly string[];
  readonly earliestAt: string;
}

export interface Rollout {
  readonly id: string;
  readonly project: string;
  readonly environment: string;
  readonly flag: string;
  readonly variant: string;
  readonly control: string;
  readonly safeVariant: string;
  readonly status: RolloutStatus;
  readonly reason: string | null;
  readonly weight: number;
  readonly rings: readonly string[];
  readonly step: {
    readonly index: number;
    readonly count: number;
    readonly kind: 'ring' | 'percentage';
    readonly weight: number;
    readonly rings: readonly string[];
    readonly startedAt: string;
  };
  readonly plan: PlanAsStarted;
  readonly steps: readonly PlannedStep[];
  readonly createdBy: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
}

/** The plan as the server stored it; read loosely, it is only shown. */
export interface PlanAsStarted {
  readonly schedule?: Readonly<Record<string, unknown>>;
  readonly rings?: readonly Readonly<Record<string, unknown>>[];
  readonly guardrails?: readonly Readonly<Record<string, unknown>>[];
  readonly minSamples?: number;
}

export interface RolloutEvent {
  readonly at: string;
  readonly action: string;
  readonly reason: string;
  readonly step: number;
  readonly weight: number;
  readonly rings: readonly string[];
  readonly actor: string;
  readonly evidence: unknown;
}

export interface RolloutDetail extends Rollout {
  readonly timeline: readonly RolloutEvent[];
}

export interface RolloutList {
  readonly rollouts: readonly Rollout[];
}

export const isActive = (rollout: Pick<Rollout, 'status'>) =>
  rollout.status === 'running' || rollout.status === 'paused';

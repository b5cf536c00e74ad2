export { type Decision, type DecisionEvidence, decide, type RolloutAction } from './decide.js';
export { isDuration, parseDuration } from './duration.js';
export {
  InvalidDurationError,
  KillRuleError,
  MetricSnapshotError,
  type PlanIssue,
  RolloutPlanError,
  RolloutStateError,
  RolloutTransitionError,
} from './errors.js';
export type { GuardrailResult, GuardrailStatus, RegressionEvidence } from './guardrails/result.js';
export { histogramQuantile } from './histogram.js';
export {
  evaluateKillRule,
  type KillDecision,
  type KillRule,
  type KillState,
  validateKillRule,
} from './kill-switch.js';
export type { VariantEvidence } from './metric-values.js';
export type {
  BuiltInMetric,
  CustomSchedule,
  ExponentialSchedule,
  Guardrail,
  JsonLogic,
  LinearSchedule,
  OnBreach,
  PrometheusGuardrail,
  RegressionGuardrail,
  RegressionMetric,
  Ring,
  RolloutPlan,
  SCurveSchedule,
  Schedule,
  ThresholdGuardrail,
} from './plan-types.js';
export type { HistogramBucket, LatencySummary, MetricSnapshot, VariantMetrics } from './snapshot.js';
export {
  pauseRollout,
  type RolloutState,
  type RolloutStatus,
  resumeRollout,
  startRollout,
} from './state.js';
export { type PlannedStep, planSteps, type RolloutPreview } from './steps.js';
export { type PlanValidation, parsePlan, validatePlan } from './validation/validate-plan.js';
export { WEIGHT_TOTAL } from './weights.js';

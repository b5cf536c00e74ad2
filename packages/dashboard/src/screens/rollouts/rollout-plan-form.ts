import { planSteps, type RolloutPreview, validatePlan } from '@switchyard/rollout';

export interface PlanForm {
  flag: string;
  variant: string;
  control: string;
  shape: 'exponential' | 'linear' | 's-curve';
  start: string;
  factor: string;
  step: string;
  duration: string;
  interval: string;
  maxErrorRate: string;
  minSamples: string;
}

export const DEFAULT_PLAN_FORM: PlanForm = {
  flag: '',
  variant: '',
  control: '',
  shape: 'exponential',
  start: '1',
  factor: '2',
  step: '10',
  duration: '1h',
  interval: '10m',
  maxErrorRate: '0.05',
  minSamples: '100',
};

/** The start body the form describes (numbers as typed: the validation names what is wrong). */
export function planBody(form: PlanForm): Record<string, unknown> {
  const num = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const schedule: Record<string, unknown> = {
    shape: form.shape,
    start: num(form.start),
    interval: form.interval,
  };
  if (form.shape === 'exponential') schedule.factor = num(form.factor);
  if (form.shape === 'linear') schedule.step = num(form.step);
  if (form.shape === 's-curve') schedule.duration = form.duration;
  const guardrails = form.maxErrorRate.trim()
    ? [{ metric: 'error-rate', max: num(form.maxErrorRate), onBreach: 'rollback' }]
    : [];
  return {
    variant: form.variant,
    control: form.control,
    schedule,
    guardrails,
    ...(form.minSamples.trim() ? { minSamples: num(form.minSamples) } : {}),
  };
}

/** The planned weights with rollout's own schedule functions, or the plan's problems. */
export function previewPlan(
  form: PlanForm,
): { preview: RolloutPreview } | { issues: { path: string; message: string }[] } {
  const validation = validatePlan(planBody(form));
  if (!validation.valid) return { issues: [...validation.issues] };
  return { preview: planSteps(validation.plan, 0) };
}

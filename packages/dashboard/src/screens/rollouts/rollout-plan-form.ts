import { type PlanIssue, planSteps, type RolloutPreview, validatePlan } from '@switchyard/rollout';
import {
  type GuardrailDraft,
  guardrailBody,
  newGuardrail,
  type RingDraft,
  ringBody,
  typedNumber,
} from './plan-drafts.js';

export type Shape = 'exponential' | 'linear' | 's-curve' | 'custom';

export interface PlanForm {
  flag: string;
  variant: string;
  control: string;
  /** Empty: a rollback serves the control. */
  safeVariant: string;
  shape: Shape;
  start: string;
  factor: string;
  step: string;
  /** Exponential and linear cap (default 100). */
  max: string;
  /** S-curve end (default 100), duration and steepness (default 10). */
  end: string;
  duration: string;
  k: string;
  /** Custom weights, separated by commas or spaces. */
  steps: string;
  interval: string;
  minSamples: string;
  rings: RingDraft[];
  guardrails: GuardrailDraft[];
}

export const DEFAULT_PLAN_FORM: Omit<PlanForm, 'guardrails'> = {
  flag: '',
  variant: '',
  control: '',
  safeVariant: '',
  shape: 'exponential',
  start: '1',
  factor: '2',
  step: '10',
  max: '',
  end: '',
  duration: '1h',
  k: '',
  steps: '1, 5, 25, 50, 100',
  interval: '10m',
  minSamples: '100',
  rings: [],
};

/** A new form: one error-rate guardrail that rolls back above 5%, as most rollouts want. */
export function initialPlanForm(patch: Partial<PlanForm> = {}): PlanForm {
  return { ...DEFAULT_PLAN_FORM, guardrails: [newGuardrail('threshold')], ...patch };
}

function scheduleBody(form: PlanForm): Record<string, unknown> {
  const n = typedNumber;
  const fields: Record<Shape, Record<string, unknown>> = {
    exponential: { start: n(form.start), factor: n(form.factor) ?? '', max: n(form.max) },
    linear: { start: n(form.start), step: n(form.step) ?? '', max: n(form.max) },
    's-curve': { start: n(form.start), end: n(form.end), duration: form.duration, k: n(form.k) },
    custom: {
      steps: form.steps
        .split(/[\s,]+/)
        .filter((s) => s !== '')
        .map((s) => n(s)),
    },
  };
  const schedule: Record<string, unknown> = {
    shape: form.shape,
    ...fields[form.shape],
    interval: form.interval,
  };
  // An empty start is still sent, so the validation names it rather than dropping it.
  if (form.shape !== 'custom' && schedule.start === undefined) schedule.start = '';
  return Object.fromEntries(Object.entries(schedule).filter(([, v]) => v !== undefined));
}

/**
 * The start body the form describes (numbers as typed: the validation names what is wrong), and the
 * problems found before the plan's own validation can see them (a ring condition that is not JSON).
 */
export function planRequest(form: PlanForm): { body: Record<string, unknown>; issues: PlanIssue[] } {
  const issues: PlanIssue[] = [];
  const rings = form.rings.map((draft, i) => {
    const { ring, issue } = ringBody(draft, i);
    if (issue) issues.push(issue);
    return ring;
  });
  const minSamples = typedNumber(form.minSamples);
  const body: Record<string, unknown> = {
    flag: form.flag,
    variant: form.variant,
    control: form.control,
    ...(form.safeVariant ? { safeVariant: form.safeVariant } : {}),
    schedule: scheduleBody(form),
    ...(rings.length > 0 ? { rings } : {}),
    guardrails: form.guardrails.map(guardrailBody),
    ...(minSamples === undefined ? {} : { minSamples }),
  };
  return { body, issues };
}

/** The planned steps with rollout's own schedule functions, from `startedAt`, or every problem of the plan. */
export function previewPlan(
  form: PlanForm,
  startedAt = 0,
): { preview: RolloutPreview; issues: [] } | { issues: PlanIssue[] } {
  const { body, issues } = planRequest(form);
  const { flag: _flag, ...plan } = body;
  const validation = validatePlan(plan);
  // A ring whose condition is not JSON has no condition yet; say only what the person got wrong.
  const parsed = new Set(issues.map((i) => i.path.replace(/\/condition$/, '')));
  const all = [...issues, ...validation.issues.filter((i) => !parsed.has(i.path))];
  if (!validation.valid || all.length > 0) return { issues: all };
  return { preview: planSteps(validation.plan, startedAt), issues: [] };
}

/** The server names fields of the request body as `/body/…`; the form's fields are pointers into the plan. */
export function planPointer(serverPath: string): string {
  return serverPath.startsWith('/body') ? serverPath.slice('/body'.length) : serverPath;
}

/** The messages about exactly `pointer`, or about anything under it when `nested`. */
export function messagesAt(issues: readonly PlanIssue[], pointer: string, nested = false): string[] {
  return issues
    .filter((i) => i.path === pointer || (nested && i.path.startsWith(`${pointer}/`)))
    .map((i) => i.message);
}

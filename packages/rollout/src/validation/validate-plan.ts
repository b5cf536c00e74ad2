import { type PlanIssue, RolloutPlanError } from '../errors.js';
import type { RolloutPlan } from '../plan-types.js';
import { checkKeys, checkNonEmptyString, describe, Issues, isObject } from './issues.js';
import { validateGuardrails } from './validate-guardrails.js';
import { validateRings } from './validate-rings.js';
import { validateSchedule } from './validate-schedule.js';

const PLAN_KEYS = ['variant', 'control', 'safeVariant', 'schedule', 'rings', 'guardrails', 'minSamples'];

export type PlanValidation =
  | { readonly valid: true; readonly plan: RolloutPlan; readonly issues: readonly [] }
  | { readonly valid: false; readonly issues: readonly PlanIssue[] };

/** Checks a submitted plan and lists every problem with its JSON Pointer; unknown fields get a "did you mean". */
export function validatePlan(input: unknown): PlanValidation {
  const issues = new Issues();
  if (!isObject(input)) {
    issues.add('', `a rollout plan must be an object, got ${describe(input)}`);
    return { valid: false, issues: issues.list };
  }
  checkKeys(issues, '', input, PLAN_KEYS);
  const variantOk = checkNonEmptyString(issues, '/variant', input.variant, 'variant');
  const controlOk = checkNonEmptyString(issues, '/control', input.control, 'control');
  if (variantOk && controlOk && input.variant === input.control)
    issues.add('/control', `control must differ from variant ("${input.variant}")`);
  if (input.safeVariant !== undefined)
    checkNonEmptyString(issues, '/safeVariant', input.safeVariant, 'safeVariant');
  if (variantOk && input.safeVariant === input.variant)
    issues.add(
      '/safeVariant',
      `safeVariant must differ from the variant being rolled out ("${input.variant}")`,
    );
  if (input.schedule === undefined) issues.add('/schedule', 'schedule is required');
  else validateSchedule(issues, '/schedule', input.schedule);
  validateRings(issues, '/rings', input.rings);
  if (input.guardrails === undefined) issues.add('/guardrails', 'guardrails is required (use [] for none)');
  else validateGuardrails(issues, '/guardrails', input.guardrails);
  const min = input.minSamples;
  if (min !== undefined && !(typeof min === 'number' && Number.isSafeInteger(min) && min >= 1))
    issues.add('/minSamples', `minSamples must be an integer >= 1, got ${describe(min)}`);
  if (issues.list.length > 0) return { valid: false, issues: issues.list };
  return { valid: true, plan: input as unknown as RolloutPlan, issues: [] };
}

/** The plan, typed, or a RolloutPlanError listing every issue. */
export function parsePlan(input: unknown): RolloutPlan {
  const result = validatePlan(input);
  if (!result.valid) throw new RolloutPlanError(result.issues);
  return result.plan;
}

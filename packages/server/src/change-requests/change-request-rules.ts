import type { FlagSetDocument } from '@switchyard/core';
import type { Plan } from '../commands/plan.js';
import { canonicalJson } from '../flag-sets/canonical-json.js';
import { type Access, type Role, reaches } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import type { ApprovalPolicy, Review, StoredChangeRequest } from './change-request-store.js';

/** Actions a policy may let through without approval: they stop harm, they do not ship anything. */
export const emergencyActions: readonly string[] = ['flag.kill', 'rollout.rollback'];

/**
 * Actions no policy holds: managing approvals themselves, and writes that change no flag set
 * (keys, notes, code references); schedules are held when their command runs.
 */
const neverHeld = new Set([
  'approval-policy.set',
  'approval-policy.remove',
  'change-request.approve',
  'change-request.reject',
  'change-request.comment',
  'change-request.edit',
  'change-request.apply',
  'change-request.cancel',
  'schedule.create',
  'schedule.cancel',
  'sdk-key.create',
  'sdk-key.revoke',
  'rollout.note',
  'code-references.upload',
]);

export function mayBeHeld(action: string): boolean {
  return !neverHeld.has(action);
}

/**
 * The environments a command changes: its target and every flag set whose served behaviour its plan
 * changes. A new flag arrives DISABLED everywhere, which serves nothing: creating a flag is not held
 * by production's policy, enabling it there is.
 */
export function environmentsOf(target: { environment?: string | undefined }, plan: Plan): string[] {
  const keys = new Set<string>();
  if (target.environment !== undefined) keys.add(target.environment);
  for (const flagSet of plan.flagSets) {
    const onlyNewDisabledFlags =
      flagSet.change === 'changed' &&
      flagSet.metadata === undefined &&
      Object.keys(flagSet.evaluators).length === 0 &&
      Object.values(flagSet.flags).every(
        (flag) => flag.before === null && (flag.after as { state?: unknown } | null)?.state === 'DISABLED',
      );
    if (!onlyNewDisabledFlags) keys.add(flagSet.environment);
  }
  return [...keys].sort();
}

/** The highest role `access` holds over a whole environment (undefined: not even viewer). */
export function roleIn(access: Access, project: string, environment: string): Role | undefined {
  const scope = { project, environment };
  if (reaches(access, 'admin', scope)) return 'admin';
  if (reaches(access, 'write', scope)) return 'editor';
  if (reaches(access, 'read', scope)) return 'viewer';
  return undefined;
}

/**
 * Why `actor` may not approve or reject the request (undefined: they may), and their role: not
 * the requester, and a role every holding environment's policy counts.
 */
export function reviewerRefusal(
  actor: Actor,
  project: string,
  request: StoredChangeRequest,
  policies: readonly ApprovalPolicy[],
): { refused: string } | { role: Role } {
  if (actor.id === request.requestedBy.id) {
    return { refused: `${actor.name} cannot review their own change request` };
  }
  let lowest: Role | undefined;
  for (const environment of request.environments) {
    const role = roleIn(actor.access, project, environment);
    const policy = policies.find((p) => p.environment === environment);
    const allowed = policy?.approverRoles ?? ['admin'];
    if (role === undefined || !allowed.includes(role)) {
      return {
        refused: `${actor.name} cannot approve changes to environment "${environment}" of project "${project}": approvals there come from ${allowed.join(' or ')}, and their role there is ${role ?? 'none'}`,
      };
    }
    lowest = role;
  }
  return { role: lowest ?? 'admin' };
}

/** Distinct approvers of the current revision (an edit makes earlier approvals void). */
export function approvers(request: Pick<StoredChangeRequest, 'reviews' | 'revision'>): Review['actor'][] {
  const seen = new Map<string, Review['actor']>();
  for (const review of request.reviews) {
    if (review.kind === 'approve' && review.revision === request.revision)
      seen.set(review.actor.id, review.actor);
  }
  return [...seen.values()];
}

/** What the policies of the request's environments need: the largest of their counts. */
export function requiredApprovals(
  environments: readonly string[],
  policies: readonly ApprovalPolicy[],
): number {
  let needed = 0;
  for (const policy of policies) {
    if (environments.includes(policy.environment)) needed = Math.max(needed, policy.requiredApprovals);
  }
  return needed;
}

/**
 * What changed since the plan was made, in what the plan changes: each flag, evaluator and
 * metadata it planned from must still be as it was then. Empty: no conflict.
 */
export function conflictsWithPlan(
  plan: Plan,
  current: ReadonlyMap<string, FlagSetDocument | null>,
): string[] {
  const conflicts: string[] = [];
  for (const flagSet of plan.flagSets) {
    const document = current.get(flagSet.environment) ?? null;
    if (flagSet.change === 'created') {
      if (document !== null) conflicts.push(`environment "${flagSet.environment}" now exists`);
      continue;
    }
    if (document === null) {
      conflicts.push(`environment "${flagSet.environment}" no longer exists`);
      continue;
    }
    const differs = (planned: unknown, now: unknown) => canonicalJson(planned) !== canonicalJson(now ?? null);
    for (const [key, change] of Object.entries(flagSet.flags)) {
      if (differs(change.before, document.flags[key])) {
        conflicts.push(`flag "${key}" in environment "${flagSet.environment}" changed since the request`);
      }
    }
    for (const [key, change] of Object.entries(flagSet.evaluators)) {
      if (differs(change.before, document.$evaluators?.[key])) {
        conflicts.push(`segment "${key}" in environment "${flagSet.environment}" changed since the request`);
      }
    }
    if (flagSet.metadata && differs(flagSet.metadata.before, document.metadata)) {
      conflicts.push(`the metadata of environment "${flagSet.environment}" changed since the request`);
    }
  }
  return conflicts;
}

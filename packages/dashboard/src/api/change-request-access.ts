import { canAdminister, canEdit, roleAt } from './access.js';
import type { Actor, ApprovalPolicy, ChangeRequest } from './types.js';

/** Either the actor may do it, or why not (shown beside the disabled control). */
export type Permission = { allowed: true } | { allowed: false; reason: string };

const allowed: Permission = { allowed: true };

/** Whether the actor asked for this change: requesters never review their own request. */
export function isRequester(actor: Actor, request: ChangeRequest): boolean {
  return actor.id !== undefined && actor.id === request.requestedBy.id;
}

/**
 * Approve and reject, by the server's rules: not the requester, and in every environment the request
 * holds, a role that environment's policy counts (admins only where there is no policy any more).
 */
export function mayReview(
  actor: Actor,
  request: ChangeRequest,
  policies: ReadonlyMap<string, ApprovalPolicy | null>,
): Permission {
  if (request.status !== 'pending' && request.status !== 'approved') {
    return { allowed: false, reason: `This change request is ${request.status}.` };
  }
  if (isRequester(actor, request)) {
    return {
      allowed: false,
      reason: 'You requested this change: someone else has to approve or reject it.',
    };
  }
  for (const environment of request.environments) {
    const roles = policies.get(environment)?.approverRoles ?? ['admin'];
    const role = roleAt(actor, request.project, environment);
    if (!(roles as string[]).includes(role)) {
      return {
        allowed: false,
        reason: `Approvals in ${environment} come from ${roles.join(' or ')}; your role there is ${role}.`,
      };
    }
  }
  return allowed;
}

/** Apply (now or at a time): writers of every environment it changes. */
export function mayApply(actor: Actor, request: ChangeRequest): boolean {
  return request.environments.every((environment) => canEdit(actor, request.project, environment));
}

/** Withdraw: its requester, or an admin of its environments, while it is still open. */
export function mayCancel(actor: Actor, request: ChangeRequest): boolean {
  if (request.status !== 'pending' && request.status !== 'approved') return false;
  return (
    isRequester(actor, request) ||
    request.environments.every((environment) => canAdminister(actor, request.project, environment))
  );
}

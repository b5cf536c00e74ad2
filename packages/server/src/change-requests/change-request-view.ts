import type { Command } from '../commands/command.js';
import type { Plan } from '../commands/plan.js';
import { Accepted } from '../kernel/accepted.js';
import { approvers, requiredApprovals } from './change-request-rules.js';
import type {
  ActorRef,
  ApprovalPolicy,
  ChangeRequestStatus,
  Review,
  StoredChangeRequest,
} from './change-request-store.js';

/** A change request as the API answers it. */
export interface ChangeRequestView {
  id: string;
  project: string;
  environments: string[];
  status: ChangeRequestStatus;
  command: Command;
  plan: Plan;
  revision: number;
  requestedBy: ActorRef;
  requiredApprovals: number;
  /** Distinct approvers of the current revision. */
  approvals: ActorRef[];
  reviews: Review[];
  applyAt: string | null;
  appliedAt: string | null;
  appliedBy: ActorRef | null;
  result: unknown;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export function changeRequestView(
  project: string,
  request: StoredChangeRequest,
  policies: readonly ApprovalPolicy[],
): ChangeRequestView {
  return {
    id: request.id,
    project,
    environments: request.environments,
    status: request.status,
    command: request.command,
    plan: request.plan,
    revision: request.revision,
    requestedBy: request.requestedBy,
    requiredApprovals: requiredApprovals(request.environments, policies),
    approvals: approvers(request),
    reviews: request.reviews,
    applyAt: request.applyAt,
    appliedAt: request.appliedAt,
    appliedBy: request.appliedBy,
    result: request.result ?? null,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    version: request.version,
  };
}

/** The path a change request is found at (the `Location` of a 202). */
export function changeRequestLocation(project: string, id: string): string {
  return `/api/v1/projects/${encodeURIComponent(project)}/change-requests/${encodeURIComponent(id)}`;
}

/**
 * Thrown by the executor's approval gate once it has stored a held command: the HTTP layer answers
 * 202 Accepted with the request and its `Location`; other callers see that nothing committed.
 */
export class ApprovalRequired extends Accepted {
  constructor(readonly changeRequest: ChangeRequestView) {
    super(
      `changes to ${changeRequest.environments.map((e) => `"${e}"`).join(', ')} need approval: change request ${changeRequest.id} holds this one`,
      changeRequestLocation(changeRequest.project, changeRequest.id),
      { changeRequest },
    );
    this.name = 'ApprovalRequired';
  }
}

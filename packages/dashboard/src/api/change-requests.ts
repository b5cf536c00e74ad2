import { ApiError } from './api-error.js';
import { api } from './client.js';
import type { ApprovalPolicy, ChangeRequest } from './types.js';

/** The change request a write answered with 202 Accepted (held for approval), or null: it committed. */
export function heldChangeRequest(
  answer: unknown,
): Pick<ChangeRequest, 'id' | 'status' | 'environments'> | null {
  const request = (answer as { changeRequest?: Partial<ChangeRequest> } | undefined)?.changeRequest;
  if (typeof request?.id !== 'string') return null;
  return { id: request.id, status: request.status ?? 'pending', environments: request.environments ?? [] };
}

export function changeRequestsPath(project: string): string {
  return `/projects/${encodeURIComponent(project)}/change-requests`;
}

export function changeRequestPath(project: string, id: string): string {
  return `${changeRequestsPath(project)}/${encodeURIComponent(id)}`;
}

export function approvalPolicyPath(project: string, environment: string): string {
  return `/projects/${encodeURIComponent(project)}/environments/${encodeURIComponent(environment)}/approval-policy`;
}

/** An environment's approval policy; null when it has none (404). */
export async function loadApprovalPolicy(
  project: string,
  environment: string,
): Promise<ApprovalPolicy | null> {
  try {
    return await api.get<ApprovalPolicy>(approvalPolicyPath(project, environment));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404 && /has no approval policy/.test(error.message))
      return null;
    throw error;
  }
}

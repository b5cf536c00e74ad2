import type { ChangeRequest } from '../../api/types.js';

/** A short, readable name: the first characters of the id (ids are UUIDs). */
export function shortId(id: string): string {
  return id.slice(0, 8);
}

/** What the held command does, e.g. `flag-config.update: checkout in production`. */
export function describeCommand(command: ChangeRequest['command']): string {
  const { project: _project, environment, ...rest } = command.target;
  const what = Object.values(rest).join(' / ');
  return `${command.action}${what ? `: ${what}` : ''}${environment ? ` in ${environment}` : ''}`;
}

export function approvalCount(request: ChangeRequest): string {
  return `${request.approvals.length}/${request.requiredApprovals}`;
}

export const statuses = ['pending', 'approved', 'applied', 'rejected', 'cancelled'] as const;

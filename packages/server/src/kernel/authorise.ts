import {
  allows,
  describePermission,
  isLimitedToActions,
  type Permission,
  reaches,
  type Scope,
} from './access.js';
import type { Actor } from './actor.js';
import { forbidden } from './errors.js';

/**
 * Throws FORBIDDEN, saying what the actor's role and reach are, unless `actor` may do this at
 * `scope` (the executor names the command's `action`: a token limited to actions needs it listed).
 */
export function authorise(actor: Actor, permission: Permission, scope: Scope, action?: string): void {
  if (allows(actor.access, permission, scope, action)) return;
  const { access } = actor;
  if (isLimitedToActions(access) && (action === undefined || !access.actions.includes(action))) {
    const listed = access.actions.length === 0 ? 'no actions' : `the actions ${list([...access.actions])}`;
    throw forbidden(
      action === undefined
        ? `this admin token is limited to ${listed}: it reads nothing through the admin API (only the integration endpoints)`
        : `this admin token is limited to ${listed}: it cannot run ${action}`,
    );
  }
  refuse(actor, permission, scope);
}

/**
 * Like `authorise`, by role and reach only: a token limited to actions passes where its role
 * would. For the integration endpoints that read a rollout's health for a deployment tool.
 */
export function authoriseReach(actor: Actor, permission: Permission, scope: Scope): void {
  if (!reaches(actor.access, permission, scope)) refuse(actor, permission, scope);
}

function refuse(actor: Actor, permission: Permission, scope: Scope): never {
  const { role, projects } = actor.access;
  const limited = projects === null ? '' : ` limited to ${list(projects.map((p) => `project "${p}"`))}`;
  throw forbidden(
    `an admin token with role "${role}"${limited} cannot ${describePermission(permission)} ${describeScope(scope)}`,
  );
}

function describeScope(scope: Scope): string {
  if (scope.project === undefined) return 'server-wide settings (admin tokens, projects)';
  if (scope.environment === undefined) return `project "${scope.project}"`;
  return `environment "${scope.environment}" of project "${scope.project}"`;
}

function list(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? 'nothing') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

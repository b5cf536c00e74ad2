import { allows, describePermission, type Permission, type Scope } from './access.js';
import type { Actor } from './actor.js';
import { forbidden } from './errors.js';

/** Throws FORBIDDEN, saying what the actor's role and reach are, unless `actor` may do this at `scope`. */
export function authorise(actor: Actor, permission: Permission, scope: Scope): void {
  if (allows(actor.access, permission, scope)) return;
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

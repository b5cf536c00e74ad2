export const roles = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** What an action needs: `read` (viewer), `write` (editor), `admin` (keys, tokens). */
export type Permission = 'read' | 'write' | 'admin';

/**
 * Raises a token's role in one project, or in one environment (of one project, or of every
 * project the token reaches when `project` is absent).
 */
export interface Grant {
  role: Role;
  project?: string;
  environment?: string;
}

/**
 * What a token may do. `role` holds wherever the token reaches: every project, or only
 * `projects`. `grants` raise the role in narrower places (an editor of `development` who only
 * reads `production`: role viewer, one editor grant for `development`).
 */
export interface Access {
  role: Role;
  /** null: every project, including projects created later. */
  projects: readonly string[] | null;
  grants: readonly Grant[];
  /**
   * null or absent: whatever the role allows. A list: the token runs only these command actions
   * (e.g. `rollout.rollback` and `flag.kill` for an alerting system), still within its role and
   * reach, and reads nothing through the admin API (the integration endpoints read a rollout's
   * health for it).
   */
  actions?: readonly string[] | null | undefined;
}

/**
 * Where an action applies. No project: the whole server (admin tokens, creating projects).
 * A project without environment: something project-wide (a flag's variants, environments).
 */
export interface Scope {
  project?: string | undefined;
  environment?: string | undefined;
}

const rank: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };
const needed: Record<Permission, Role> = { read: 'viewer', write: 'editor', admin: 'admin' };

/** An admin everywhere, with nothing narrowing it: the only kind that manages admin tokens. */
export function isUnrestrictedAdmin(access: Access): boolean {
  return access.role === 'admin' && access.projects === null && !isLimitedToActions(access);
}

/** Whether the token runs only the command actions it lists. */
export function isLimitedToActions(access: Access): access is Access & { actions: readonly string[] } {
  return access.actions !== null && access.actions !== undefined;
}

export function unrestricted(role: Role): Access {
  return { role, projects: null, grants: [] };
}

/**
 * Whether `access` allows `permission` at `scope`, for the command `action` when the check is the
 * executor's. Writing needs a role that covers the whole scope (a grant for one environment does
 * not cover a project-wide change); reading needs a role anywhere inside it (a token that reads one
 * environment of a project may list the project's flags). A token limited to actions is allowed
 * only the actions it lists, and nothing outside a command.
 */
export function allows(access: Access, permission: Permission, scope: Scope, action?: string): boolean {
  if (isLimitedToActions(access) && (action === undefined || !access.actions.includes(action))) return false;
  return reaches(access, permission, scope);
}

/**
 * Whether the role and reach of `access` allow `permission` at `scope`, whatever actions it is
 * limited to: what the integration endpoints check before they read a rollout's health.
 */
export function reaches(access: Access, permission: Permission, scope: Scope): boolean {
  return roleAt(access, scope, permission === 'read' ? 'inside' : 'covering') >= rank[needed[permission]];
}

/** The highest role rank that applies at `scope` (0: none). */
function roleAt(access: Access, scope: Scope, reach: 'inside' | 'covering'): number {
  let best = 0;
  const projectReached = (project: string | undefined) =>
    access.projects === null || (project !== undefined && access.projects.includes(project));
  // The base role: global scope needs a token that reaches every project when covering.
  if (scope.project === undefined) {
    if (access.projects === null || reach === 'inside') best = rank[access.role];
  } else if (projectReached(scope.project)) {
    best = rank[access.role];
  }
  for (const grant of access.grants) {
    // A grant for every project applies only inside the projects the token reaches.
    if (grant.project === undefined && scope.project !== undefined && !projectReached(scope.project))
      continue;
    if (grantApplies(grant, scope, reach)) best = Math.max(best, rank[grant.role]);
  }
  return best;
}

function grantApplies(grant: Grant, scope: Scope, reach: 'inside' | 'covering'): boolean {
  if (reach === 'covering') {
    // A grant covers a scope at least as narrow as itself.
    if (scope.project === undefined) return false;
    if (grant.project !== undefined && grant.project !== scope.project) return false;
    if (grant.environment === undefined) return true;
    return scope.environment === grant.environment;
  }
  // Inside: the grant reaches some part of the scope.
  if (scope.project !== undefined && grant.project !== undefined && grant.project !== scope.project) {
    return false;
  }
  if (scope.environment !== undefined && grant.environment !== undefined) {
    return grant.environment === scope.environment;
  }
  return true;
}

/** The projects `access` can read something in; null means all of them. */
export function readableProjects(access: Access): readonly string[] | null {
  if (isLimitedToActions(access)) return [];
  if (access.projects === null) return null;
  const projects = new Set(access.projects);
  for (const grant of access.grants) {
    // A grant without a project applies only inside the token's projects.
    if (grant.project !== undefined) projects.add(grant.project);
  }
  return [...projects];
}

export function describePermission(permission: Permission): string {
  if (permission === 'write') return 'change';
  if (permission === 'admin') return 'manage keys and tokens for';
  return 'read';
}

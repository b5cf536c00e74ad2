import type { Actor, Role } from './types.js';

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/**
 * The role the actor has at a place (project, optionally environment): its own role, raised by any
 * grant that covers the place. The server decides; this only hides controls it would refuse.
 */
export function roleAt(actor: Actor, project: string, environment?: string): Role {
  let role = actor.role;
  for (const grant of actor.grants ?? []) {
    if (grant.project && grant.project !== project) continue;
    if (grant.environment && grant.environment !== environment) continue;
    if (RANK[grant.role] > RANK[role]) role = grant.role;
  }
  return role;
}

export function canEdit(actor: Actor, project: string, environment?: string): boolean {
  return RANK[roleAt(actor, project, environment)] >= RANK.editor;
}

export function canAdminister(actor: Actor, project: string, environment?: string): boolean {
  return roleAt(actor, project, environment) === 'admin';
}

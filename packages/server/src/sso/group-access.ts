import type { RoleMapping } from '../config/oidc-settings.js';
import type { Access, Grant, Role } from '../kernel/access.js';

const rank: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };
const lowest = (list: Role[]) => list.reduce((a, b) => (rank[b] < rank[a] ? b : a));
const highest = (list: Role[]) => list.reduce((a, b) => (rank[b] > rank[a] ? b : a));

/**
 * The access a person's groups give, or null when no mapping names any of them (no sign-in).
 * Pure: what the mappings say, combined so that each mapping's role holds where it applies.
 */
export function accessOfGroups(groups: readonly string[], mappings: readonly RoleMapping[]): Access | null {
  const member = new Set(groups);
  const matched = mappings.filter((m) => member.has(m.group));
  if (matched.length === 0) return null;
  const reaching = matched.filter((m) => m.environments === undefined);
  const everywhere = reaching.filter((m) => m.projects === undefined);
  const grants: Grant[] = [];
  let role: Role;
  let projects: string[] | null;
  if (everywhere.length > 0) {
    role = highest(everywhere.map((m) => m.role));
    projects = null;
  } else if (reaching.length > 0) {
    role = lowest(reaching.map((m) => m.role));
    projects = [...new Set(reaching.flatMap((m) => m.projects ?? []))].sort();
  } else {
    // Only environment mappings: they reach their projects (or all), reading elsewhere there.
    role = 'viewer';
    const named = matched.flatMap((m) => m.projects ?? []);
    projects = matched.some((m) => m.projects === undefined) ? null : [...new Set(named)].sort();
  }
  for (const m of matched) {
    if (rank[m.role] <= rank[role]) continue;
    if (m.environments === undefined) {
      // A project-limited mapping stronger than the base role: raised in its projects only.
      if (m.projects !== undefined) for (const project of m.projects) grants.push({ role: m.role, project });
      continue;
    }
    for (const environment of m.environments) {
      if (m.projects === undefined) grants.push({ role: m.role, environment });
      else for (const project of m.projects) grants.push({ role: m.role, project, environment });
    }
  }
  return { role, projects, grants: dedupe(grants) };
}

function dedupe(grants: Grant[]): Grant[] {
  const seen = new Map<string, Grant>();
  for (const g of grants) {
    const key = `${g.project ?? ''}\u0000${g.environment ?? ''}`;
    const known = seen.get(key);
    if (!known || rank[g.role] > rank[known.role]) seen.set(key, g);
  }
  return [...seen.values()];
}

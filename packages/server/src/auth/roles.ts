export const roles = ['admin', 'editor', 'viewer'] as const;
export type Role = (typeof roles)[number];

/** What a route needs: `read` (any role), `write` (editor, admin), `manage-keys` (admin only). */
export type Access = 'read' | 'write' | 'manage-keys';

export function roleAllows(role: Role, access: Access): boolean {
  if (access === 'read') return true;
  if (access === 'write') return role === 'admin' || role === 'editor';
  return role === 'admin';
}

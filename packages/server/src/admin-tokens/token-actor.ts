import type { Actor } from '../kernel/actor.js';
import { accessOf } from './admin-token-service.js';
import type { AdminTokenStore } from './admin-token-store.js';

const prefix = 'admin-token:';

/**
 * The actor an admin token is now, by actor id (`admin-token:<id>`), with the token's current
 * access; or why it can no longer act (revoked, deleted, not a token). For work done later in a
 * token's name, such as a scheduled command.
 */
export async function tokenActor(
  store: AdminTokenStore,
  actorId: string,
): Promise<Actor | { refused: string }> {
  if (!actorId.startsWith(prefix)) return { refused: `${actorId} is not an admin token` };
  const token = await store.findById(actorId.slice(prefix.length));
  if (!token) return { refused: `the admin token ${actorId} no longer exists` };
  if (token.revokedAt !== null) {
    return {
      refused: `the admin token "${token.name}" (${token.prefix}…) was revoked at ${token.revokedAt}`,
    };
  }
  return { id: actorId, name: token.name, access: accessOf(token) };
}

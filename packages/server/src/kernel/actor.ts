import { type Access, unrestricted } from './access.js';

/** Who asks for something: recorded in the audit trail, and what authorisation decides on. */
export interface Actor {
  /** `admin-token:<id>`, `system`, … */
  id: string;
  name: string;
  access: Access;
}

export interface WriteRequest {
  actor: Actor;
  requestId: string;
}

/** Changes made by the server itself (first-start seeding). */
export const systemActor: Actor = { id: 'system', name: 'system', access: unrestricted('admin') };

/** The rollout controller: it applies its decisions through the executor like anyone, as itself. */
export const rolloutControllerActor: Actor = {
  id: 'system:rollout-controller',
  name: 'rollout controller',
  access: unrestricted('editor'),
};

/** Actors that are the server itself, not a person or a token. */
export function isSystemActor(actor: Actor): boolean {
  return actor.id === systemActor.id || actor.id.startsWith(`${systemActor.id}:`);
}

import type { Role } from '../auth/roles.js';

/** Who makes a change: recorded in the audit trail and in the write log line. */
export interface Actor {
  id: string;
  name: string;
  role: Role;
}

export interface WriteRequest {
  actor: Actor;
  requestId: string;
}

/** Changes made by the server itself (first-start seeding). */
export const systemActor: Actor = { id: 'system', name: 'system', role: 'admin' };

import type { Grant, Role } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import { AppError, unauthorized } from '../kernel/errors.js';
import { csrfTokenOf, newSessionSecret, sessionIdHash } from './session-secrets.js';
import type { SessionStore, SignedInPerson } from './session-store.js';
import type { SignInLimiter } from './sign-in-limiter.js';

/** What the dashboard learns about its session: never the admin token, never the session secret. */
export interface SessionView {
  csrfToken: string;
  expiresAt: string;
  actor: {
    id: string;
    name: string;
    role: Role;
    projects: string[] | null;
    grants: Grant[];
    actions: string[] | null;
  };
}

export interface SessionServiceDeps {
  sessions(): SessionStore;
  /** The actor an admin token's secret stands for; throws 401 (unknown, revoked) or 403 (an SDK key). */
  authenticateToken(secret: string): Promise<Actor>;
  /** The actor `admin-token:<id>` is now, or why it can no longer act. */
  tokenActor(actorId: string): Promise<Actor | { refused: string }>;
  limiter: SignInLimiter;
  /** How long a session lasts from sign-in (absolute: using it does not extend it). */
  ttlMs: number;
  now?: () => Date;
}

const tokenActorPrefix = 'admin-token:';
/** Audit entries and approvals name a person signed in through single sign-on by their subject. */
export const personActorPrefix = 'oidc:';

/**
 * Dashboard sessions: an admin token is exchanged once for a random session secret kept in an
 * HttpOnly cookie. A session acts as its token does now: a revoked token's sessions stop at once,
 * a token whose role changed acts with its new role.
 */
export class SessionService {
  constructor(private readonly deps: SessionServiceDeps) {}

  async signIn(token: string, client: string): Promise<{ secret: string; view: SessionView }> {
    this.deps.limiter.check(client);
    let actor: Actor;
    try {
      actor = await this.deps.authenticateToken(token);
    } catch (error) {
      if (error instanceof AppError) this.deps.limiter.failed(client);
      throw error;
    }
    this.deps.limiter.succeeded(client);
    if (!actor.id.startsWith(tokenActorPrefix)) throw unauthorized('only admin tokens can sign in');
    return this.#open(actor, { tokenId: actor.id.slice(tokenActorPrefix.length) });
  }

  /** A session for someone the identity provider vouched for (the caller checked the sign-in). */
  signInPerson(person: SignedInPerson): Promise<{ secret: string; view: SessionView }> {
    return this.#open(personActor(person), { tokenId: null, person });
  }

  async #open(
    actor: Actor,
    owner: { tokenId: string; person?: undefined } | { tokenId: null; person: SignedInPerson },
  ): Promise<{ secret: string; view: SessionView }> {
    const now = this.#now();
    const store = this.deps.sessions();
    // Sessions are short-lived: sweeping at sign-in keeps the table as small as the active ones.
    await store.deleteEnded(now.toISOString());
    const secret = newSessionSecret();
    const expiresAt = new Date(now.getTime() + this.deps.ttlMs).toISOString();
    await store.insert(sessionIdHash(secret), { ...owner, createdAt: now.toISOString(), expiresAt });
    return { secret, view: viewOf(secret, expiresAt, actor) };
  }

  /** The session a cookie's secret opens now; throws 401 saying why when there is none. */
  async resume(secret: string): Promise<{ actor: Actor; view: SessionView }> {
    const session = await this.deps.sessions().find(sessionIdHash(secret));
    if (!session) throw unauthorized('the session is unknown or signed out: sign in again');
    if (Date.parse(session.expiresAt) <= this.#now().getTime()) {
      throw unauthorized(`the session expired at ${session.expiresAt}: sign in again`);
    }
    if (session.tokenId === null) {
      const actor = personActor(session.person);
      return { actor, view: viewOf(secret, session.expiresAt, actor) };
    }
    const actor = await this.deps.tokenActor(`${tokenActorPrefix}${session.tokenId}`);
    if ('refused' in actor) throw unauthorized(`the session ended: ${actor.refused}`);
    return { actor, view: viewOf(secret, session.expiresAt, actor) };
  }

  async signOut(secret: string): Promise<void> {
    await this.deps.sessions().delete(sessionIdHash(secret));
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }
}

/** A person keeps the access their groups gave them at sign-in until the session ends. */
function personActor(person: SignedInPerson): Actor {
  return { id: `${personActorPrefix}${person.subject}`, name: person.name, access: person.access };
}

function viewOf(secret: string, expiresAt: string, actor: Actor): SessionView {
  const { access } = actor;
  return {
    csrfToken: csrfTokenOf(secret),
    expiresAt,
    actor: {
      id: actor.id,
      name: actor.name,
      role: access.role,
      projects: access.projects && [...access.projects],
      grants: [...access.grants],
      actions: access.actions ? [...access.actions] : null,
    },
  };
}

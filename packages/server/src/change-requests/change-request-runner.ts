import type { AdminTokenStore } from '../admin-tokens/admin-token-store.js';
import { tokenActor } from '../admin-tokens/token-actor.js';
import type { CommandExecutor } from '../commands/command-executor.js';
import type { Actor } from '../kernel/actor.js';
import { AppError } from '../kernel/errors.js';
import type { Db, DialectName, Queryable } from '../storage/database.js';
import type { ChangeRequestStore } from './change-request-store.js';

/** Who a stored request acts as, read when it acts: a revoked or demoted token no longer does. */
export function requesterActors(
  stores: { adminTokens: (db: Queryable, dialect: DialectName) => AdminTokenStore },
  dialect: DialectName,
) {
  return {
    current: (db: Queryable, actorId: string): Promise<Actor | { refused: string }> =>
      tokenActor(stores.adminTokens(db, dialect), actorId),
  };
}

export interface ChangeRequestRunnerDeps {
  db: Db;
  changeRequests: (db: Queryable) => ChangeRequestStore;
  commands: Pick<CommandExecutor, 'execute'>;
  actors: ReturnType<typeof requesterActors>;
  intervalMs?: number;
  now?: () => Date;
  log: { info(details: object, message: string): void; warn(details: object, message: string): void };
}

/**
 * Applies approved change requests whose `applyAt` has come, through the executor as the person
 * who set the time (with their access then). Applying locks the project and needs the request
 * approved, so two replicas never apply one twice; a refusal (412 conflict, 403) is written on the
 * request, which is not tried again.
 */
export class ChangeRequestRunner {
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;

  constructor(private readonly deps: ChangeRequestRunnerDeps) {}

  start(): void {
    this.#timer = setInterval(() => {
      if (!this.#round) this.#round = this.round().finally(() => (this.#round = undefined));
    }, this.deps.intervalMs ?? 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#round;
  }

  async round(): Promise<void> {
    const now = () => (this.deps.now?.() ?? new Date()).toISOString();
    const store = this.deps.changeRequests(this.deps.db);
    let due: Awaited<ReturnType<ChangeRequestStore['due']>>;
    try {
      due = await store.due(now(), 20);
    } catch (error) {
      this.deps.log.warn({ err: error }, 'looking for change requests to apply failed');
      return;
    }
    for (const request of due) {
      const context = { changeRequest: request.id, project: request.project };
      const fail = async (message: string) => {
        this.deps.log.info(context, `a scheduled change request was not applied: ${message}`);
        await store.applyFailed(request.id, {
          kind: 'comment',
          actor: { id: 'system', name: 'system' },
          comment: `the scheduled apply failed: ${message}`,
          at: now(),
          revision: 0,
        });
      };
      try {
        const actor = await this.deps.actors.current(this.deps.db, request.applyBy ?? '');
        if ('refused' in actor) {
          await fail(actor.refused);
          continue;
        }
        await this.deps.commands.execute({
          command: { action: 'change-request.apply', target: { project: request.project, id: request.id } },
          actor,
          requestId: `change-request:${request.id}`,
        });
        this.deps.log.info(context, 'a scheduled change request was applied');
      } catch (error) {
        if (error instanceof AppError) await fail(error.message).catch(() => undefined);
        else this.deps.log.warn({ ...context, err: error }, 'applying a scheduled change request failed');
      }
    }
  }
}

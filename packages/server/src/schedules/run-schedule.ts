import type { CommandExecutor } from '../commands/command-executor.js';
import type { Actor } from '../kernel/actor.js';
import { AppError, unauthorized } from '../kernel/errors.js';
import type { DialectName, Queryable } from '../storage/database.js';
import type { Schedule, ScheduleError, ScheduleStore } from './schedule-store.js';

/** Who a schedule runs as, read when it runs: a revoked or demoted token must not run stale schedules. */
export interface ScheduleActors {
  current(db: Queryable, actorId: string): Promise<Actor | { refused: string }>;
}

export interface RunScheduleDeps {
  db: Queryable;
  dialect: DialectName;
  schedules: (db: Queryable, dialect: DialectName) => ScheduleStore;
  commands: Pick<CommandExecutor, 'execute'>;
  actors: ScheduleActors;
  /** Runs that end in an unexpected error (not a refusal) are retried up to this many in all. */
  maxAttempts: number;
  now: () => Date;
  log: { info(details: object, message: string): void; warn(details: object, message: string): void };
}

export type RunOutcome = 'succeeded' | 'failed' | 'retried' | 'lost';

/** The schedule's claim was taken over by another replica: this run must not commit. */
class ClaimLost extends Error {}

/**
 * Runs a schedule this replica has claimed, through the executor, as the token that made it (with
 * that token's access now), and records the outcome. Success is recorded inside the change's own
 * transaction, and only while the claim is still this one: the change and its record commit
 * together or not at all, so a command never commits twice, even when a claim outlived a replica
 * that seemed dead and another replica ran the schedule too. A refusal (403, 404, 409, 412, …) is
 * recorded as a failure, not retried.
 */
export async function runClaimedSchedule(deps: RunScheduleDeps, schedule: Schedule): Promise<RunOutcome> {
  const claimId = schedule.claimId!;
  const store = (db: Queryable) => deps.schedules(db, deps.dialect);
  const context = { schedule: schedule.id, action: schedule.command.action, attempt: schedule.attempts };
  const fail = async (error: ScheduleError): Promise<RunOutcome> => {
    const recorded = await store(deps.db).fail(schedule.id, claimId, error, deps.now().toISOString());
    deps.log.info(
      { ...context, code: error.code, recorded },
      `a scheduled command was refused: ${error.message}`,
    );
    return recorded ? 'failed' : 'lost';
  };
  try {
    const actor = await deps.actors.current(deps.db, schedule.createdBy.id);
    if ('refused' in actor) return await fail(refusal(actor.refused));
    await deps.commands.execute({
      command: commandToRun(schedule),
      actor,
      requestId: `schedule:${schedule.id}`,
      inSameTransaction: async (tx, result) => {
        // Revoked while the change was being made: it does not commit.
        const still = await deps.actors.current(tx, schedule.createdBy.id);
        if ('refused' in still) throw unauthorized(refusal(still.refused).message);
        const recorded = await store(tx).succeed(schedule.id, claimId, result, deps.now().toISOString());
        if (!recorded) throw new ClaimLost();
      },
    });
    deps.log.info(context, 'a scheduled command ran');
    return 'succeeded';
  } catch (error) {
    if (error instanceof ClaimLost) {
      deps.log.warn(context, 'another replica took this schedule over; this run was rolled back');
      return 'lost';
    }
    if (error instanceof AppError)
      return fail({ code: error.code, message: error.message, issues: error.issues });
    return unexpected(deps, schedule, error, fail);
  }
}

/**
 * An error that is no refusal (the database went away): whether the change committed is unknown,
 * but its record says so, and both only ever commit together. Release the claim (a committed run
 * is no longer `running`, so nothing happens) and let the next look run it again, a few times.
 */
async function unexpected(
  deps: RunScheduleDeps,
  schedule: Schedule,
  error: unknown,
  fail: (error: ScheduleError) => Promise<RunOutcome>,
): Promise<RunOutcome> {
  const context = { schedule: schedule.id, attempt: schedule.attempts, err: error };
  if (schedule.attempts >= deps.maxAttempts) {
    deps.log.warn(context, 'a scheduled command failed unexpectedly; giving up');
    return fail({
      code: 'INTERNAL',
      message: `the command failed unexpectedly ${schedule.attempts} times (see the server log)`,
      issues: [],
    });
  }
  deps.log.warn(context, 'a scheduled command failed unexpectedly; it is tried again');
  await deps.schedules(deps.db, deps.dialect).release(schedule.id, schedule.claimId!);
  return 'retried';
}

function refusal(message: string): ScheduleError {
  return { code: 'UNAUTHORIZED', message: `${message}: the schedule does not run`, issues: [] };
}

/** The stored command; the audit entries of its change carry its reason, else the schedule's. */
function commandToRun(schedule: Schedule) {
  const reason = schedule.command.reason ?? schedule.reason ?? undefined;
  return { ...schedule.command, ...(reason !== undefined && { reason }) };
}

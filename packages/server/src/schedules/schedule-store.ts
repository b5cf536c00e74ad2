import { randomUUID } from 'node:crypto';
import type { Command } from '../commands/command.js';
import type { Issue } from '../kernel/errors.js';
import type { DialectName, Queryable, ScheduleTable } from '../storage/database.js';
import { fromJsonColumn, toJsonColumn } from '../storage/json-column.js';

export const scheduleStatuses = ['pending', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type ScheduleStatus = (typeof scheduleStatuses)[number];

/** Who did something to a schedule, as the audit trail names actors. */
export interface ActorRef {
  id: string;
  name: string;
}

/** Why a scheduled command was refused when it ran, as the API would have answered it. */
export interface ScheduleError {
  code: string;
  message: string;
  issues: Issue[];
}

export interface Schedule {
  id: string;
  command: Command;
  /** The command's target project, if it has one (what listing filters and visibility look at). */
  project: string | null;
  environment: string | null;
  runAt: string;
  timeZone: string;
  status: ScheduleStatus;
  /** Why it was scheduled. */
  reason: string | null;
  createdBy: ActorRef;
  createdAt: string;
  /** The replica that ran (or runs) it, and the claim it holds. */
  claimedBy: string | null;
  claimId: string | null;
  claimedAt: string | null;
  /** How many times a replica has claimed it (more than one: a claim that outlived its replica). */
  attempts: number;
  finishedAt: string | null;
  /** What the command answered, when it succeeded. */
  result: unknown;
  error: ScheduleError | null;
  cancelledBy: ActorRef | null;
  version: number;
}

export type NewSchedule = Pick<
  Schedule,
  'command' | 'runAt' | 'timeZone' | 'reason' | 'createdBy' | 'createdAt'
>;

export interface ScheduleFilter {
  status?: ScheduleStatus | undefined;
  project?: string | undefined;
  /** Only schedules of these projects, or created by `visibleTo`; absent: every schedule. */
  projects?: readonly string[] | undefined;
  visibleTo?: string | undefined;
  limit: number;
}

export interface ScheduleStore {
  insert(schedule: NewSchedule): Promise<Schedule>;
  find(id: string): Promise<Schedule | undefined>;
  /** The same, locked until the transaction ends (PostgreSQL): against a claim racing a cancel. */
  findForUpdate(id: string): Promise<Schedule | undefined>;
  /** Soonest first. */
  list(filter: ScheduleFilter): Promise<Schedule[]>;
  /** Cancels a pending schedule; undefined when it is no longer pending. */
  cancel(id: string, by: ActorRef, now: string): Promise<Schedule | undefined>;
  /** Ids of the pending schedules due at `now`, and of those whose claim is older than `staleBefore`. */
  due(now: string, staleBefore: string, limit: number): Promise<string[]>;
  /**
   * Takes a due schedule for one run, in one statement (exactly one of several replicas gets it),
   * or a running one whose claim is older than `staleBefore`; undefined when another took it.
   */
  claim(
    id: string,
    claim: { replica: string; claimId: string },
    now: string,
    staleBefore: string,
  ): Promise<Schedule | undefined>;
  /** Records success; false when the claim is no longer this one's (another replica took over). */
  succeed(id: string, claimId: string, result: unknown, now: string): Promise<boolean>;
  fail(id: string, claimId: string, error: ScheduleError, now: string): Promise<boolean>;
  /** Gives the claim up: the schedule is pending again and runs at the next look. */
  release(id: string, claimId: string): Promise<boolean>;
}

function actorOf(id: string, name: string): ActorRef {
  return { id, name };
}

function toSchedule(row: ScheduleTable): Schedule {
  const command = fromJsonColumn<Command>(row.command);
  return {
    id: row.id,
    command,
    project: row.project_key,
    environment: row.environment_key,
    runAt: row.run_at,
    timeZone: row.time_zone,
    status: row.status as ScheduleStatus,
    reason: row.reason,
    createdBy: actorOf(row.created_by, row.created_by_name),
    createdAt: row.created_at,
    claimedBy: row.claimed_by,
    claimId: row.claim_id,
    claimedAt: row.claimed_at,
    attempts: Number(row.attempts),
    finishedAt: row.finished_at,
    result: fromJsonColumn(row.result),
    error: fromJsonColumn<ScheduleError>(row.error),
    cancelledBy:
      row.cancelled_by === null ? null : actorOf(row.cancelled_by, row.cancelled_by_name ?? row.cancelled_by),
    version: Number(row.version),
  };
}

export function scheduleStore(db: Queryable, dialect: DialectName): ScheduleStore {
  const byId = (id: string) => db.selectFrom('schedules').selectAll().where('id', '=', id);
  /** Sets a claimed schedule's outcome, only while the claim is still this one's. */
  const finish = async (
    id: string,
    claimId: string,
    outcome: { status: ScheduleStatus; result: string | null; error: string | null },
    now: string,
  ) => {
    const updated = await db
      .updateTable('schedules')
      .set((eb) => ({ ...outcome, finished_at: now, version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .where('claim_id', '=', claimId)
      .where('status', '=', 'running')
      .executeTakeFirst();
    return Number(updated.numUpdatedRows) === 1;
  };
  return {
    async insert(input) {
      const row: ScheduleTable = {
        id: randomUUID(),
        command: toJsonColumn(input.command),
        action: input.command.action,
        project_key: input.command.target.project ?? null,
        environment_key: input.command.target.environment ?? null,
        run_at: input.runAt,
        time_zone: input.timeZone,
        status: 'pending',
        reason: input.reason,
        created_by: input.createdBy.id,
        created_by_name: input.createdBy.name,
        created_at: input.createdAt,
        claimed_by: null,
        claim_id: null,
        claimed_at: null,
        attempts: 0,
        finished_at: null,
        result: null,
        error: null,
        cancelled_by: null,
        cancelled_by_name: null,
        version: 1,
      };
      await db.insertInto('schedules').values(row).execute();
      return toSchedule(row);
    },
    async find(id) {
      const row = await byId(id).executeTakeFirst();
      return row && toSchedule(row);
    },
    async findForUpdate(id) {
      const query = byId(id);
      const row = await (dialect === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
      return row && toSchedule(row);
    },
    async list(filter) {
      let query = db.selectFrom('schedules').selectAll();
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.project !== undefined) query = query.where('project_key', '=', filter.project);
      const { projects, visibleTo } = filter;
      if (projects !== undefined) {
        query = query.where((eb) =>
          eb.or([
            ...(projects.length > 0 ? [eb('project_key', 'in', projects)] : []),
            eb('created_by', '=', visibleTo ?? ''),
          ]),
        );
      }
      const rows = await query.orderBy('run_at').orderBy('id').limit(filter.limit).execute();
      return rows.map(toSchedule);
    },
    async cancel(id, by, now) {
      const row = await db
        .updateTable('schedules')
        .set((eb) => ({
          status: 'cancelled',
          cancelled_by: by.id,
          cancelled_by_name: by.name,
          finished_at: now,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .returningAll()
        .executeTakeFirst();
      return row && toSchedule(row);
    },
    async due(now, staleBefore, limit) {
      const rows = await db
        .selectFrom('schedules')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('claimed_at', '<', staleBefore)]),
          ]),
        )
        .orderBy('run_at')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },
    async claim(id, claim, now, staleBefore) {
      // One conditional UPDATE: PostgreSQL re-checks the condition after waiting for a concurrent
      // claimer's row lock, and SQLite runs one writer at a time, so only one claimer matches.
      const row = await db
        .updateTable('schedules')
        .set((eb) => ({
          status: 'running',
          claimed_by: claim.replica,
          claim_id: claim.claimId,
          claimed_at: now,
          attempts: eb('attempts', '+', 1),
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('run_at', '<=', now)]),
            eb.and([eb('status', '=', 'running'), eb('claimed_at', '<', staleBefore)]),
          ]),
        )
        .returningAll()
        .executeTakeFirst();
      return row && toSchedule(row);
    },
    succeed(id, claimId, result, now) {
      return finish(
        id,
        claimId,
        { status: 'succeeded', result: toJsonColumn(result ?? null), error: null },
        now,
      );
    },
    fail(id, claimId, error, now) {
      return finish(id, claimId, { status: 'failed', result: null, error: toJsonColumn(error) }, now);
    },
    async release(id, claimId) {
      const updated = await db
        .updateTable('schedules')
        .set((eb) => ({
          status: 'pending',
          claimed_by: null,
          claim_id: null,
          claimed_at: null,
          version: eb('version', '+', 1),
        }))
        .where('id', '=', id)
        .where('claim_id', '=', claimId)
        .where('status', '=', 'running')
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },
  };
}

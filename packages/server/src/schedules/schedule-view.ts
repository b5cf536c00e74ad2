import type { JsonValue } from '@switchyard/core';
import { Temporal } from 'temporal-polyfill';
import type { Schedule } from './schedule-store.js';

/** A schedule as the API shows it: no claim internals beyond which replica ran it. */
export function scheduleView(schedule: Schedule) {
  return {
    id: schedule.id,
    command: schedule.command,
    runAt: schedule.runAt,
    timeZone: schedule.timeZone,
    localRunAt: localTime(schedule.runAt, schedule.timeZone),
    status: schedule.status,
    reason: schedule.reason,
    project: schedule.project,
    environment: schedule.environment,
    createdBy: schedule.createdBy,
    createdAt: schedule.createdAt,
    startedAt: schedule.claimedAt,
    ranOn: schedule.claimedBy,
    attempts: schedule.attempts,
    finishedAt: schedule.finishedAt,
    result: (schedule.result ?? null) as JsonValue,
    error: schedule.error,
    cancelledBy: schedule.cancelledBy,
    version: schedule.version,
  };
}

export type ScheduleView = ReturnType<typeof scheduleView>;

/** The instant as the zone's wall time with its offset (`2026-12-01T09:00:00+01:00`). */
export function localTime(instant: string, timeZone: string): string {
  return Temporal.Instant.from(instant)
    .toZonedDateTimeISO(timeZone)
    .toString({ timeZoneName: 'never', fractionalSecondDigits: 'auto' });
}

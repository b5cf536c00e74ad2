import { Type } from '@sinclair/typebox';
import type { JsonValue } from '@switchyard/core';
import { CommandSchema } from '../commands/command-routes.js';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import { scheduleStatuses } from './schedule-store.js';
import type { scheduleView } from './schedule-view.js';

export const ScheduleStatusSchema = Type.Union(
  scheduleStatuses.map((status) => Type.Literal(status)),
  { description: 'pending → running → succeeded | failed; pending → cancelled' },
);

const ActorRefSchema = Type.Object({ id: Type.String(), name: Type.String() });

export const ScheduleSchema = Type.Object(
  {
    id: Type.String(),
    command: CommandSchema,
    runAt: Type.String({ format: 'date-time', description: 'When it runs, as a UTC instant' }),
    timeZone: Type.String({ description: 'The IANA zone it was scheduled in' }),
    localRunAt: Type.String({ description: "runAt as the zone's wall time with its offset" }),
    status: ScheduleStatusSchema,
    reason: Nullable(Type.String({ description: 'Why it was scheduled' })),
    project: Nullable(Type.String({ description: "The command's target project" })),
    environment: Nullable(Type.String({ description: "The command's target environment" })),
    createdBy: ActorRefSchema,
    createdAt: Timestamp,
    startedAt: Nullable(Timestamp),
    ranOn: Nullable(Type.String({ description: 'The replica that ran it' })),
    attempts: Type.Integer({ description: 'Runs started: more than 1 after a replica died mid-run' }),
    finishedAt: Nullable(Timestamp),
    result: Type.Unsafe<JsonValue>({ description: 'What the command answered (succeeded), else null' }),
    error: Nullable(
      Type.Object(
        {
          code: Type.String(),
          message: Type.String(),
          issues: Type.Array(Type.Object({ path: Type.String(), message: Type.String() })),
        },
        { description: 'Why the command was refused when it ran (failed)' },
      ),
    ),
    cancelledBy: Nullable(ActorRefSchema),
    version: Type.Integer(),
  },
  { title: 'Schedule' },
);

export const ScheduleListSchema = Type.Object(
  { schedules: Type.Array(ScheduleSchema) },
  { title: 'ScheduleList' },
);

export type ScheduleViewMatches = Assert<SameShape<ReturnType<typeof scheduleView>, typeof ScheduleSchema>>;

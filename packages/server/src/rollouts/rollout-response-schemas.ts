import { Type } from '@sinclair/typebox';
import type { RolloutPlan } from '@switchyard/rollout';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { eventView, rolloutView } from './rollout-view.js';

const Status = Type.Union([
  Type.Literal('running'),
  Type.Literal('paused'),
  Type.Literal('completed'),
  Type.Literal('rolled-back'),
]);
const StepKind = Type.Union([Type.Literal('ring'), Type.Literal('percentage')]);

const rolloutFields = {
  id: Type.String(),
  project: Type.String(),
  environment: Type.String(),
  flag: Type.String(),
  variant: Type.String(),
  control: Type.String(),
  safeVariant: Type.String({ description: 'What a rollback serves' }),
  status: Status,
  reason: Nullable(Type.String({ description: 'Why it is paused, rolled back or completed' })),
  weight: Type.Number({ description: 'Percent of the general population on the variant now' }),
  rings: Type.Array(Type.String(), { description: 'Rings that get the variant in full now' }),
  step: Type.Object({
    index: Type.Integer(),
    count: Type.Integer(),
    kind: StepKind,
    weight: Type.Number(),
    rings: Type.Array(Type.String()),
    startedAt: Timestamp,
  }),
  plan: Type.Unsafe<RolloutPlan>({ description: 'The plan as started (see the start body)' }),
  steps: Type.Array(
    Type.Object({
      index: Type.Integer(),
      kind: StepKind,
      weight: Type.Number(),
      rings: Type.Array(Type.String()),
      earliestAt: Timestamp,
    }),
    { description: 'The planned steps, with the earliest time each can start' },
  ),
  createdBy: Type.String(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  version: Type.Integer(),
};

export const RolloutSchema = Type.Object(rolloutFields, { title: 'Rollout' });

export const RolloutEventSchema = Type.Object(
  {
    at: Timestamp,
    action: Type.String({ description: 'start, advance, hold, pause, resume, promote, rollback, complete' }),
    reason: Type.String(),
    step: Type.Integer(),
    weight: Type.Number(),
    rings: Type.Array(Type.String()),
    actor: Type.String(),
    evidence: Type.Unknown({
      description:
        'What a decision looked at: per variant n, errors, rate and latency; per guardrail its value, bounds, test statistic and interval',
    }),
  },
  { title: 'RolloutEvent' },
);

export const RolloutDetailSchema = Type.Object(
  { ...rolloutFields, timeline: Type.Array(RolloutEventSchema) },
  { title: 'RolloutDetail' },
);

export const RolloutListSchema = Type.Object(
  { rollouts: Type.Array(RolloutSchema) },
  { title: 'RolloutList' },
);

export type RolloutViewMatches = Assert<SameShape<ReturnType<typeof rolloutView>, typeof RolloutSchema>>;
export type RolloutEventViewMatches = Assert<
  SameShape<ReturnType<typeof eventView>, typeof RolloutEventSchema>
>;

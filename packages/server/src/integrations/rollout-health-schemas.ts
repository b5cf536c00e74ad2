import { Type } from '@sinclair/typebox';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { RolloutHealth } from './rollout-health.js';

const Verdict = Type.Union([Type.Literal('pass'), Type.Literal('fail'), Type.Literal('inconclusive')], {
  description:
    'pass: the rollout is running or completed; fail: it was rolled back; inconclusive: it is paused, or the flag has none',
});

export const RolloutHealthSchema = Type.Object(
  {
    project: Type.String(),
    environment: Type.String(),
    flag: Type.String(),
    verdict: Verdict,
    reason: Type.String({ description: 'Why, in words' }),
    rollout: Nullable(
      Type.Object({
        id: Type.String(),
        status: Type.Union([
          Type.Literal('running'),
          Type.Literal('paused'),
          Type.Literal('completed'),
          Type.Literal('rolled-back'),
        ]),
        variant: Type.String(),
        control: Type.String(),
        weight: Type.Number({ description: 'Percent of the general population on the variant now' }),
        step: Type.Integer(),
        steps: Type.Integer(),
        reason: Nullable(Type.String()),
        createdAt: Timestamp,
        updatedAt: Timestamp,
      }),
    ),
    evidence: Type.Unknown({
      description:
        "The latest decision's evidence: per variant n, errors, rate and latency; per guardrail its value and bounds",
    }),
    evidenceAt: Nullable(Timestamp),
  },
  { title: 'RolloutHealth' },
);

export type RolloutHealthMatches = Assert<SameShape<RolloutHealth, typeof RolloutHealthSchema>>;

import { Type } from '@sinclair/typebox';
import { Timestamp } from '../http/common-schemas.js';

/**
 * What Flagger POSTs to every webhook. Newer Flagger versions add fields (`buildId`, `type`,
 * `failedChecks`, `canaryWeight`, …): accepted and ignored. `metadata` is the webhook's own
 * (`flag`, `project`, `environment`, `token`), with Flagger's event fields added for event hooks.
 */
export const FlaggerPayload = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 253, description: "The canary's name" }),
    namespace: Type.String({ minLength: 1, maxLength: 253, description: "The canary's namespace" }),
    phase: Type.Optional(Type.String({ maxLength: 100 })),
    checksum: Type.Optional(Type.String({ maxLength: 200 })),
    metadata: Type.Optional(
      Type.Record(Type.String(), Type.String({ maxLength: 4000 }), {
        maxProperties: 100,
        description:
          'flag (required), project, environment, token; for event hooks also eventMessage, eventType, timestamp',
      }),
    ),
  },
  { additionalProperties: true },
);

export const FlaggerEventAnswerSchema = Type.Object(
  {
    rollout: Type.String({ description: 'The rollout whose timeline took the event' }),
    at: Timestamp,
    action: Type.Literal('external'),
    reason: Type.String(),
  },
  { title: 'RolloutNote' },
);

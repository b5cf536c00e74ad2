import { Type } from '@sinclair/typebox';
import { Nullable, Timestamp } from '../http/common-schemas.js';
import { SlugKey } from '../kernel/field-schemas.js';

const LabelSet = Type.Record(Type.String(), Type.String(), {
  description: 'Label (or annotation) names to values, all strings',
});
const Status = Type.Union([Type.Literal('firing'), Type.Literal('resolved')]);
/** Alertmanager writes Go's RFC 3339 with nanoseconds and the zone's offset. */
const Rfc3339 = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$',
  maxLength: 64,
});

/**
 * One alert of Alertmanager's webhook (version 4). Fields Alertmanager (or a compatible sender, such
 * as Grafana) adds beyond these are accepted and ignored; the ones read are checked strictly.
 */
const AlertSchema = Type.Object(
  {
    status: Status,
    labels: LabelSet,
    annotations: Type.Optional(LabelSet),
    startsAt: Rfc3339,
    endsAt: Type.Optional(Type.String({ maxLength: 64 })),
    generatorURL: Type.Optional(Type.String({ maxLength: 4000 })),
    fingerprint: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: true },
);

export const AlertmanagerPayload = Type.Object(
  {
    version: Type.Literal('4', { description: 'The webhook payload version; only "4" is understood' }),
    groupKey: Type.Optional(Type.String()),
    truncatedAlerts: Type.Optional(Type.Integer({ minimum: 0 })),
    status: Status,
    receiver: Type.Optional(Type.String()),
    groupLabels: Type.Optional(LabelSet),
    commonLabels: Type.Optional(LabelSet),
    commonAnnotations: Type.Optional(LabelSet),
    externalURL: Type.Optional(Type.String()),
    alerts: Type.Array(AlertSchema, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: true },
);

/** Defaults for alerts that carry no `project` / `environment` label (one receiver per environment). */
export const AlertmanagerQuery = Type.Object(
  { project: Type.Optional(SlugKey), environment: Type.Optional(SlugKey) },
  { additionalProperties: false },
);

const Outcome = Type.Union(
  ['rolled-back', 'killed', 'recorded', 'duplicate', 'ignored'].map((o) => Type.Literal(o)),
  {
    description:
      'rolled-back: its running rollout was rolled back; killed: the flag now serves its safe variant; recorded: a resolved alert, kept, nothing changed; duplicate: handled before, nothing more done; ignored: no `flag` label',
  },
);

export const AlertOutcomeSchema = Type.Object(
  {
    index: Type.Integer({ description: 'Position in the notification (its `alerts` array)' }),
    fingerprint: Type.String(),
    alertname: Type.String(),
    status: Status,
    outcome: Outcome,
    project: Nullable(Type.String()),
    environment: Nullable(Type.String()),
    flag: Nullable(Type.String()),
    rollout: Nullable(Type.String({ description: 'The rollout rolled back' })),
    message: Type.String(),
  },
  { title: 'AlertOutcome' },
);

export const AlertmanagerAnswerSchema = Type.Object(
  {
    receiver: Nullable(Type.String()),
    groupKey: Nullable(Type.String()),
    alerts: Type.Array(AlertOutcomeSchema),
  },
  { title: 'AlertmanagerAnswer' },
);

export const AlertListQuery = Type.Object(
  {
    project: Type.Optional(SlugKey),
    environment: Type.Optional(SlugKey),
    flag: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

export const AlertRecordSchema = Type.Object(
  {
    fingerprint: Type.String(),
    startsAt: Type.String(),
    status: Status,
    receivedAt: Timestamp,
    alertname: Type.String(),
    project: Type.String(),
    environment: Type.String(),
    flag: Type.String(),
    action: Type.Union([Type.Literal('rolled-back'), Type.Literal('killed'), Type.Literal('recorded')]),
    rollout: Nullable(Type.String()),
    message: Type.String(),
    actor: Type.String(),
    requestId: Type.String(),
    labels: Type.Record(Type.String(), Type.String()),
    annotations: Type.Record(Type.String(), Type.String()),
    generatorURL: Nullable(Type.String()),
  },
  { title: 'AlertRecord' },
);

export const AlertListSchema = Type.Object(
  { alerts: Type.Array(AlertRecordSchema) },
  { title: 'AlertRecordList' },
);

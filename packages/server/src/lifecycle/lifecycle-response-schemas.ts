import { Type } from '@sinclair/typebox';
import { flagKinds } from '../flags/flag-store.js';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import { digestSchedules } from './lifecycle-settings.js';
import type { lifecycleView } from './lifecycle-view.js';

const Days = Nullable(Type.Integer());

export const LifecycleSchema = Type.Object(
  {
    project: Type.String(),
    expectedLifetimeDays: Type.Object(
      Object.fromEntries(flagKinds.map((k) => [k, Days])) as Record<(typeof flagKinds)[number], typeof Days>,
      { description: 'Per flag kind, days a flag is expected to live (null: permanent)' },
    ),
    stale: Type.Object({
      singleVariantDays: Type.Integer(),
      notEvaluatedDays: Type.Integer(),
      codeReferences: Type.Boolean(),
    }),
    naming: Type.Object({
      keyPattern: Nullable(Type.String()),
      requireOwner: Type.Boolean(),
      requireDescription: Type.Boolean(),
      requireKind: Type.Boolean(),
    }),
    digest: Nullable(
      Type.Object({
        url: Type.String(),
        schedule: Type.Union(
          Object.keys(digestSchedules).map((s) => Type.Literal(s as keyof typeof digestSchedules)),
        ),
        dueAt: Nullable(Timestamp),
        lastSentAt: Nullable(Timestamp),
        lastError: Nullable(Type.String()),
      }),
    ),
    version: Type.Integer({ description: 'Also the ETag; 0 while the defaults apply' }),
    updatedAt: Nullable(Timestamp),
  },
  { title: 'Lifecycle' },
);

export type LifecycleViewMatches = Assert<
  SameShape<ReturnType<typeof lifecycleView>, typeof LifecycleSchema>
>;

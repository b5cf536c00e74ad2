import { Type } from '@sinclair/typebox';
import { type Assert, Nullable, type SameShape, Timestamp } from '../http/common-schemas.js';
import type { AuditEntry } from './audit-store.js';

export const AuditChangeSchema = Type.Object(
  {
    path: Type.String({ description: 'JSON Pointer into the resource' }),
    before: Type.Optional(Type.Unknown()),
    after: Type.Optional(Type.Unknown()),
  },
  { title: 'AuditChange' },
);

export const AuditEntrySchema = Type.Object(
  {
    id: Type.Integer(),
    at: Timestamp,
    actor: Type.Object({ id: Type.String(), name: Type.String() }),
    requestId: Type.String(),
    action: Type.String({ description: 'e.g. flag.create, flag-config.update, flagset.import' }),
    resourceType: Type.String(),
    resource: Type.String({
      description: 'e.g. projects/default/environments/production/flags/new-checkout',
    }),
    project: Nullable(Type.String()),
    environment: Nullable(Type.String()),
    flag: Nullable(Type.String()),
    before: Type.Unknown({ description: 'The resource before the change; null on creation' }),
    after: Type.Unknown({ description: 'The resource after the change; null on deletion' }),
    changes: Type.Array(AuditChangeSchema),
    reason: Nullable(
      Type.String({ description: "Why, as the actor said (X-Change-Reason, or a command's reason)" }),
    ),
    approval: Type.Union(
      [
        Type.Object({
          changeRequest: Type.String(),
          approvers: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
          appliedBy: Type.Object({ id: Type.String(), name: Type.String() }),
        }),
        Type.Object({ bypassedApproval: Type.Literal(true) }),
        Type.Null(),
      ],
      {
        description:
          'How the change passed its environment approval policy: the change request and its approvers, or an emergency bypass; null when no policy applied',
      },
    ),
  },
  { title: 'AuditEntry' },
);

export const AuditPageSchema = Type.Object(
  {
    entries: Type.Array(AuditEntrySchema, { description: 'Newest first' }),
    nextCursor: Nullable(Type.Integer({ description: 'The `cursor` of the next page; null on the last' })),
  },
  { title: 'AuditPage' },
);

export type AuditEntryMatches = Assert<SameShape<AuditEntry, typeof AuditEntrySchema>>;

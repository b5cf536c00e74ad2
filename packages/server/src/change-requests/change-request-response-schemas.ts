import { Type } from '@sinclair/typebox';
import { CommandSchema, PlanSchema } from '../commands/command-routes.js';
import { Nullable, Timestamp } from '../http/common-schemas.js';

const ActorRefSchema = Type.Object({ id: Type.String(), name: Type.String() });
const Role = Type.Union([Type.Literal('viewer'), Type.Literal('editor'), Type.Literal('admin')]);

export const ChangeRequestStatusSchema = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('rejected'),
  Type.Literal('applied'),
  Type.Literal('cancelled'),
]);

export const ChangeRequestSchema = Type.Object(
  {
    id: Type.String(),
    project: Type.String(),
    environments: Type.Array(Type.String(), { description: 'The environments whose policy holds it' }),
    status: ChangeRequestStatusSchema,
    command: CommandSchema,
    plan: PlanSchema,
    revision: Type.Integer({ description: 'Bumped by each edit; approvals count for the current one only' }),
    requestedBy: ActorRefSchema,
    requiredApprovals: Type.Integer(),
    approvals: Type.Array(ActorRefSchema, { description: 'Distinct approvers of the current revision' }),
    reviews: Type.Array(
      Type.Object({
        kind: Type.Union([
          Type.Literal('approve'),
          Type.Literal('reject'),
          Type.Literal('comment'),
          Type.Literal('edit'),
        ]),
        actor: ActorRefSchema,
        role: Type.Optional(Role),
        comment: Type.Optional(Type.String()),
        at: Timestamp,
        revision: Type.Integer(),
      }),
      { description: 'Everything done on it, oldest first' },
    ),
    applyAt: Nullable(Timestamp),
    appliedAt: Nullable(Timestamp),
    appliedBy: Nullable(ActorRefSchema),
    result: Type.Unknown({ description: 'What the command answered when applied' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
    version: Type.Integer(),
  },
  { title: 'ChangeRequest' },
);

export const ChangeRequestListSchema = Type.Object(
  { changeRequests: Type.Array(ChangeRequestSchema, { description: 'Newest first' }) },
  { title: 'ChangeRequestList' },
);

/** What a held write answers with 202 Accepted. */
export const ChangeRequestAcceptedSchema = Type.Object(
  { changeRequest: ChangeRequestSchema },
  { title: 'ChangeRequestAccepted' },
);

export const ApprovalPolicySchema = Type.Object(
  {
    project: Type.String(),
    environment: Type.String(),
    requiredApprovals: Type.Integer(),
    approverRoles: Type.Array(Role),
    allowEmergencyBypass: Type.Boolean(),
    updatedAt: Timestamp,
  },
  { title: 'ApprovalPolicy' },
);

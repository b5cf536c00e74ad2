import { Type } from '@sinclair/typebox';
import { defineCommand } from '../commands/command-definition.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import { notFound } from '../kernel/errors.js';
import type { Queryable } from '../storage/database.js';
import type { ApprovalPolicy, ChangeRequestStore } from './change-request-store.js';

export const ApprovalPolicyPayload = Type.Object(
  {
    requiredApprovals: Type.Integer({
      minimum: 1,
      maximum: 10,
      description: 'How many distinct people must approve a change (never its requester)',
    }),
    approverRoles: Type.Array(Type.Union([Type.Literal('editor'), Type.Literal('admin')]), {
      minItems: 1,
      uniqueItems: true,
      description: 'The roles, in the environment, whose approvals count',
    }),
    allowEmergencyBypass: Type.Boolean({
      default: false,
      description:
        'Whether a kill switch (flag.kill) or a rollback (rollout.rollback) commits without approval',
    }),
  },
  { additionalProperties: false },
);

export interface ApprovalPolicyDeps {
  environments: (db: Queryable) => EnvironmentStore;
  changeRequests: (db: Queryable) => ChangeRequestStore;
}

export type ApprovalPolicyView = Omit<ApprovalPolicy, 'environmentId'> & { project: string };

const common = {
  target: ['project', 'environment'],
  permission: 'admin',
  scope: 'environment',
  unit: 'project',
  versioned: false,
} as const;

/** Setting and removing an environment's approval policy: admin work, audited, never held itself. */
export function approvalPolicyCommands(deps: ApprovalPolicyDeps) {
  const environmentOf = async (ctx: Parameters<Parameters<typeof defineCommand>[0]['run']>[0]) => {
    const key = ctx.command.target.environment!;
    const environment = await deps.environments(ctx.tx).find(ctx.project!.id, key);
    if (!environment) throw notFound(`environment "${key}" of project "${ctx.project!.key}" does not exist`);
    const policies = await deps.changeRequests(ctx.tx).policies(ctx.project!.id);
    return { environment, current: policies.find((p) => p.environmentId === environment.id) };
  };
  const record = (project: string, environment: string, before: unknown, after: unknown, action: string) => ({
    action,
    resourceType: 'approval-policy',
    resource: `projects/${project}/environments/${environment}/approval-policy`,
    projectKey: project,
    environmentKey: environment,
    before: before ?? null,
    after: after ?? null,
  });
  const shown = (policy: ApprovalPolicy | undefined) =>
    policy && {
      requiredApprovals: policy.requiredApprovals,
      approverRoles: policy.approverRoles,
      allowEmergencyBypass: policy.allowEmergencyBypass,
    };

  return [
    defineCommand({
      ...common,
      action: 'approval-policy.set',
      summary: "Set an environment's approval policy: its changes become change requests",
      payload: ApprovalPolicyPayload,
      async run(ctx, payload): Promise<ApprovalPolicyView> {
        const { environment, current } = await environmentOf(ctx);
        const policy: ApprovalPolicy = {
          environmentId: environment.id,
          environment: environment.key,
          requiredApprovals: payload.requiredApprovals,
          approverRoles: [...payload.approverRoles],
          allowEmergencyBypass: payload.allowEmergencyBypass,
          updatedAt: ctx.now,
        };
        await deps.changeRequests(ctx.tx).setPolicy(ctx.project!.id, policy);
        ctx.audit(
          record(ctx.project!.key, environment.key, shown(current), shown(policy), 'approval-policy.set'),
        );
        const { environmentId: _, ...view } = policy;
        return { project: ctx.project!.key, ...view };
      },
    }),
    defineCommand({
      ...common,
      action: 'approval-policy.remove',
      summary: "Remove an environment's approval policy: its changes commit directly again",
      payload: Type.Object({}, { additionalProperties: false }),
      async run(ctx): Promise<null> {
        const { environment, current } = await environmentOf(ctx);
        if (!current) {
          throw notFound(
            `environment "${environment.key}" of project "${ctx.project!.key}" has no approval policy`,
          );
        }
        await deps.changeRequests(ctx.tx).removePolicy(environment.id);
        ctx.audit(record(ctx.project!.key, environment.key, shown(current), null, 'approval-policy.remove'));
        return null;
      },
    }),
  ];
}

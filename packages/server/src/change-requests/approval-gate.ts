import type { ChangeUnit, ProjectRef } from '../commands/change-unit.js';
import type { Command } from '../commands/command.js';
import type { ApprovalGate, CommandExecutor } from '../commands/command-executor.js';
import type { Plan } from '../commands/plan.js';
import { forbidden } from '../kernel/errors.js';
import type { Db, Queryable } from '../storage/database.js';
import { emergencyActions, environmentsOf, mayBeHeld } from './change-request-rules.js';
import type { ApprovalPolicy, ChangeRequestStore } from './change-request-store.js';
import { ApprovalRequired, changeRequestView } from './change-request-view.js';

export interface ApprovalGateDeps {
  db: Db;
  unit: ChangeUnit;
  changeRequests: (db: Queryable) => ChangeRequestStore;
  findProject(key: string): Promise<ProjectRef | undefined>;
  /** Bound once the executor exists: the gate plans the command to see what it changes. */
  commands: () => Pick<CommandExecutor, 'plan'>;
}

/**
 * The environments whose policies hold `command` (planned as `plan`) for approval, or why it passes:
 * no policy applies ('commit'), or an emergency action every applicable policy lets through ('bypass').
 */
export function holdingEnvironments(
  command: Command,
  plan: Plan,
  policies: readonly ApprovalPolicy[],
): string[] | 'commit' | 'bypass' {
  const applicable = policies.filter((p) => environmentsOf(command.target, plan).includes(p.environment));
  if (applicable.length === 0) return 'commit';
  if (emergencyActions.includes(command.action) && applicable.every((p) => p.allowEmergencyBypass)) {
    return 'bypass';
  }
  return applicable.map((p) => p.environment);
}

/**
 * The environments of `command`'s project whose policies would hold it, planned as `plan`: what a
 * schedule checks when it is made, since work done later cannot wait for reviewers.
 */
export function heldEnvironmentsOf(
  deps: Pick<ApprovalGateDeps, 'db' | 'changeRequests' | 'findProject'> & {
    commands: () => Pick<CommandExecutor, 'definitions'>;
  },
) {
  return async (command: Command, plan: Plan): Promise<string[]> => {
    const definition = deps
      .commands()
      .definitions()
      .find((d) => d.action === command.action);
    if (definition?.unit !== 'project' || !mayBeHeld(command.action)) return [];
    const project = await deps.findProject(command.target.project!);
    if (!project) return [];
    const held = holdingEnvironments(command, plan, await deps.changeRequests(deps.db).policies(project.id));
    return Array.isArray(held) ? held : [];
  };
}

/**
 * The executor asks this before committing any command. When the command changes an environment
 * whose policy needs approval, it is planned, stored with its plan as a pending change request
 * (audited as `change-request.create`) and not committed: `ApprovalRequired` carries the request.
 * An emergency action passes where every policy it meets allows the bypass.
 */
export function approvalGate(deps: ApprovalGateDeps): ApprovalGate {
  return {
    async check(request, definition) {
      const { command, actor } = request;
      if (definition.unit !== 'project' || !mayBeHeld(command.action)) return 'commit';
      const project = await deps.findProject(command.target.project!);
      // The executor answers the missing project.
      if (!project) return 'commit';
      const policies = await deps.changeRequests(deps.db).policies(project.id);
      if (policies.length === 0) return 'commit';
      const plan = await deps.commands().plan({
        command,
        actor,
        requestId: request.requestId,
        ...(request.paths && { paths: request.paths }),
      });
      const held = holdingEnvironments(command, plan, policies);
      if (held === 'commit' || held === 'bypass') return held;
      const environments = held;
      if (request.inSameTransaction) {
        // Work done later for someone (a schedule) cannot wait for reviewers: it is refused instead.
        throw forbidden(
          `changes to ${environments.map((e) => `environment "${e}"`).join(', ')} of project "${project.key}" need approval: make a change request and apply it at the time instead`,
        );
      }
      const stored = await deps.unit.commit(
        { actor, requestId: request.requestId, reason: command.reason, action: 'change-request.create' },
        { project },
        async (scope) => {
          const created = await deps.changeRequests(scope.tx).insert({
            projectId: project.id,
            environments,
            command,
            plan,
            requestedBy: { id: actor.id, name: actor.name },
            createdAt: scope.now,
          });
          scope.audit({
            action: 'change-request.create',
            resourceType: 'change-request',
            resource: `projects/${project.key}/change-requests/${created.id}`,
            projectKey: project.key,
            ...(environments.length === 1 && { environmentKey: environments[0] }),
            ...(command.target.flag !== undefined && { flagKey: command.target.flag }),
            before: null,
            after: { status: created.status, command, environments },
          });
          return created;
        },
      );
      throw new ApprovalRequired(changeRequestView(project.key, stored, policies));
    },
  };
}

import type { ChangeUnit, ProjectRef } from '../commands/change-unit.js';
import type { ApprovalGate, CommandExecutor } from '../commands/command-executor.js';
import { forbidden } from '../kernel/errors.js';
import type { Db, Queryable } from '../storage/database.js';
import { emergencyActions, environmentsOf, mayBeHeld } from './change-request-rules.js';
import type { ChangeRequestStore } from './change-request-store.js';
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
      const applicable = policies.filter((p) => environmentsOf(command.target, plan).includes(p.environment));
      if (applicable.length === 0) return 'commit';
      if (emergencyActions.includes(command.action) && applicable.every((p) => p.allowEmergencyBypass)) {
        return 'bypass';
      }
      const environments = applicable.map((p) => p.environment);
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

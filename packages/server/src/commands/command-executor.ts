import { type TObject, Type } from '@sinclair/typebox';
import { didYouMean } from '@switchyard/core';
import { Ajv, type ValidateFunction } from 'ajv';
import type { AuditApproval, AuditRecord } from '../audit/audit-store.js';
import type { Scope } from '../kernel/access.js';
import { type Actor, isSystemActor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { forbidden, type Issue, notFound, preconditionFailed, validationFailed } from '../kernel/errors.js';
import { ResourceId, ResourceKey, SlugKey } from '../kernel/field-schemas.js';
import { schemaIssues } from '../kernel/schema-issues.js';
import type { ChangeRequest, ChangeScope, ChangeUnit, ProjectRef } from './change-unit.js';
import {
  type Command,
  commandIssuePaths,
  type IssuePaths,
  type TargetField,
  targetFields,
} from './command.js';
import type { CommandContext, CommandDefinition } from './command-definition.js';
import type { Plan } from './plan.js';

export interface CommandRequest {
  command: Command;
  actor: Actor;
  requestId: string;
  /** Where problems point; HTTP routes map them onto their body and path parameters. */
  paths?: IssuePaths;
  /**
   * The caller's own bookkeeping, written in the command's transaction once its work is done, so that
   * both commit or neither does (a schedule records its outcome, an integration the alert it acted
   * on). It may throw to abandon the change (another request already acted on the same alert).
   */
  inSameTransaction?: ChangeRequest['inSameTransaction'];
}

/**
 * Decides, before a command commits, whether an approval policy holds it: it answers `commit`, or
 * `bypass` (an emergency action the policy lets through, marked in its audit entries), or throws
 * once it has stored the command as a change request (see `src/change-requests/`).
 */
export interface ApprovalGate {
  check(request: CommandRequest, definition: CommandDefinition): Promise<'commit' | 'bypass'>;
}

export interface CommandExecutorDeps {
  definitions: readonly CommandDefinition[];
  unit: ChangeUnit;
  findProject(key: string): Promise<ProjectRef | undefined>;
}

const targetSchemas: Record<TargetField, object> = {
  project: SlugKey,
  environment: SlugKey,
  flag: ResourceKey,
  segment: ResourceKey,
  id: ResourceId,
};

interface Compiled {
  definition: CommandDefinition;
  payload: ValidateFunction;
  target: ValidateFunction;
}

/**
 * Runs every write: checks the command's shape, authorises it by action and scope, applies the
 * feature's rules inside one change unit (validated, versioned, audited, published), or plans it
 * (the same work, rolled back, answering what it would do). Built once, where the app is wired.
 */
export class CommandExecutor {
  readonly #commands = new Map<string, Compiled>();
  readonly #findProject: CommandExecutorDeps['findProject'];
  readonly #unit: ChangeUnit;
  #gate: ApprovalGate | undefined;

  constructor(deps: CommandExecutorDeps) {
    const ajv = new Ajv({
      allErrors: true,
      strict: false,
      useDefaults: true,
      verbose: true,
      coerceTypes: false,
    });
    for (const definition of deps.definitions) {
      if (this.#commands.has(definition.action))
        throw new Error(`action ${definition.action} is defined twice`);
      const target = Type.Object(
        Object.fromEntries(definition.target.map((field) => [field, targetSchemas[field]])) as never,
        { additionalProperties: false },
      ) as TObject;
      target.required = [...definition.target];
      this.#commands.set(definition.action, {
        definition,
        payload: ajv.compile(definition.payload),
        target: ajv.compile(target),
      });
    }
    this.#findProject = deps.findProject;
    this.#unit = deps.unit;
  }

  /** Every action people may ask for, with what it needs (for the API's action list). */
  definitions(): CommandDefinition[] {
    return [...this.#commands.values()].map((c) => c.definition).filter((d) => !d.systemOnly);
  }

  /** Set once the gate exists (it plans commands through this executor). */
  useApprovalGate(gate: ApprovalGate): void {
    this.#gate = gate;
  }

  execute(request: CommandRequest): Promise<unknown> {
    return this.#run(request, false);
  }

  plan(request: CommandRequest): Promise<Plan> {
    return this.#run(request, true) as Promise<Plan>;
  }

  /**
   * Throws unless `actor` holds the permission `command` needs at its scope now (its shape and the
   * feature's rules are not checked: `plan` does that).
   */
  authorise(actor: Actor, command: Command): void {
    const { definition } = this.#compiled(command, commandIssuePaths);
    authorise(actor, definition.permission, scopeOf(definition.scope, command.target));
  }

  #compiled(command: Command, paths: IssuePaths): Compiled {
    const compiled = this.#commands.get(command.action);
    if (compiled) return compiled;
    const known = [...this.#commands.keys()];
    throw validationFailed([
      {
        path: paths.action ?? '/action',
        message: `unknown action "${command.action}"${didYouMean(command.action, known)}`,
      },
    ]);
  }

  async #run(request: CommandRequest, dryRun: boolean): Promise<unknown> {
    const { command, actor } = request;
    const paths = request.paths ?? commandIssuePaths;
    const compiled = this.#compiled(command, paths);
    const { definition } = compiled;
    if (definition.systemOnly && !isSystemActor(actor)) {
      throw forbidden(`${command.action} is run by the server itself only`);
    }
    const payload = command.payload ?? {};
    this.#checkShape(compiled, command, payload, paths);
    const target = command.target;
    authorise(actor, definition.permission, scopeOf(definition.scope, target), command.action);
    await definition.prepare?.(
      {
        actor,
        command,
        requestId: request.requestId,
        payloadPath: (path) => `${paths.payload}${path}`,
      },
      payload,
    );

    // Planned commands and the server's own work are never held; a held command stops here.
    const decision =
      !dryRun && this.#gate && !isSystemActor(actor) ? await this.#gate.check(request, definition) : 'commit';
    const approval: AuditApproval | undefined =
      decision === 'bypass' ? { bypassedApproval: true } : undefined;

    let project: ProjectRef | 'new' | null = null;
    if (definition.unit === 'new-project') project = 'new';
    if (definition.unit === 'project') {
      const found = await this.#findProject(target.project!);
      if (!found) throw notFound(`project "${target.project}" does not exist`);
      project = found;
    }
    const changeRequest: ChangeRequest = {
      actor,
      requestId: request.requestId,
      reason: command.reason,
      action: command.action,
      inSameTransaction: request.inSameTransaction,
    };
    const options = {
      project,
      // A change reaches further than its target when it changes project-wide things (a flag's
      // variants change every environment's flag set): each environment it changes must be writable.
      authoriseEnvironments: (changed: ProjectRef, environments: string[]) => {
        for (const environment of environments) {
          authorise(actor, 'write', { project: changed.key, environment }, command.action);
        }
      },
    };
    const work = (scope: ChangeScope) => {
      const marked = approval ? markAudit(scope, { approval }) : scope;
      const ref = project === 'new' ? undefined : (project ?? undefined);
      return definition.run(this.#context(marked, request, paths, ref), payload);
    };
    return dryRun
      ? this.#unit.plan(changeRequest, options, work)
      : this.#unit.commit(changeRequest, options, work);
  }

  #checkShape(compiled: Compiled, command: Command, payload: unknown, paths: IssuePaths): void {
    const issues: Issue[] = [];
    const target = command.target as unknown;
    if (typeof target !== 'object' || target === null || Array.isArray(target)) {
      issues.push({ path: '/target', message: 'must be an object' });
    } else if (!compiled.target(target)) {
      for (const issue of schemaIssues(compiled.target.errors ?? [], '/target')) {
        const field = issue.path.split('/')[2] as TargetField | undefined;
        const known = field !== undefined && (targetFields as readonly string[]).includes(field);
        issues.push({
          ...issue,
          path: known ? issue.path.replace(`/target/${field}`, paths.target[field]) : issue.path,
        });
      }
    }
    if (!compiled.payload(payload))
      issues.push(...schemaIssues(compiled.payload.errors ?? [], paths.payload));
    const version = command.expectedVersion;
    if (version !== undefined) {
      if (!compiled.definition.versioned) {
        issues.push({ path: paths.expectedVersion, message: `${command.action} has no version to expect` });
      } else if (!Number.isSafeInteger(version) || version < 0) {
        issues.push({ path: paths.expectedVersion, message: 'must be a non-negative integer' });
      }
    }
    if (issues.length > 0) throw validationFailed(issues);
  }

  /**
   * Runs a stored command inside the change of the command that holds it (a change request being
   * applied): the same shape checks and authorisation, as `author`, in the same transaction, with
   * every audit entry it writes marked with `author` and `approval`.
   */
  async #runNested(
    scope: ChangeScope,
    project: ProjectRef,
    outer: CommandRequest,
    command: Command,
    author: Actor,
    approval: AuditApproval,
  ): Promise<unknown> {
    const compiled = this.#compiled(command, commandIssuePaths);
    const { definition } = compiled;
    if (definition.systemOnly || definition.unit !== 'project' || definition.prepare) {
      throw validationFailed([
        { path: '/command/action', message: `${command.action} cannot be held by a change request` },
      ]);
    }
    if (command.target.project !== project.key) {
      throw validationFailed([{ path: '/command/target/project', message: `must be "${project.key}"` }]);
    }
    const payload = command.payload ?? {};
    this.#checkShape(compiled, command, payload, commandIssuePaths);
    authorise(author, definition.permission, scopeOf(definition.scope, command.target), command.action);
    const request: CommandRequest = { command, actor: author, requestId: outer.requestId };
    const marked = markAudit(scope, { author: { id: author.id, name: author.name }, approval });
    return definition.run(this.#context(marked, request, commandIssuePaths, project), payload);
  }

  #context(
    scope: ChangeScope,
    request: CommandRequest,
    paths: IssuePaths,
    project: ProjectRef | undefined,
  ): CommandContext {
    return {
      ...context(scope, request, paths, project),
      runHeld: (command, author, approval) => {
        if (!project) throw new Error('a held command runs inside a project');
        return this.#runNested(scope, project, request, command, author, approval);
      },
    };
  }
}

/** The scope with each audit entry it records marked (its author, how it passed approval). */
function markAudit(scope: ChangeScope, mark: Pick<AuditRecord, 'author' | 'approval'>): ChangeScope {
  return { ...scope, audit: (record) => scope.audit({ ...record, ...mark }) };
}

function scopeOf(level: CommandDefinition['scope'], target: Command['target']): Scope {
  if (level === 'server') return {};
  if (level === 'project') return { project: target.project };
  return { project: target.project, environment: target.environment };
}

function context(
  scope: ChangeScope,
  request: CommandRequest,
  paths: IssuePaths,
  project: ProjectRef | undefined,
): Omit<CommandContext, 'runHeld'> {
  const { command } = request;
  return {
    tx: scope.tx,
    now: scope.now,
    actor: request.actor,
    command,
    project,
    force: command.force === true,
    audit: scope.audit,
    afterCommit: scope.afterCommit,
    createdProject: scope.createdProject,
    checkVersion(resource, actual) {
      const expected = command.expectedVersion;
      if (expected !== undefined && expected !== actual) {
        throw preconditionFailed(
          actual === 0
            ? `${resource} does not exist (expected version ${expected})`
            : `${resource} is at version ${actual}, not ${expected}; reload it and retry`,
        );
      }
    },
    payloadPath: (path) => `${paths.payload}${path}`,
    targetPath: (field) => paths.target[field],
  };
}

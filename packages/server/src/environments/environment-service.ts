import { type Static, Type } from '@sinclair/typebox';
import type { ProjectRef } from '../commands/change-unit.js';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { conflict, notFound } from '../kernel/errors.js';
import { ShortText, SlugKey } from '../kernel/field-schemas.js';
import { requireProject } from '../projects/project-service.js';
import type { Project, ProjectStore } from '../projects/project-store.js';
import type { Queryable } from '../storage/database.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import type { Environment, EnvironmentStore } from './environment-store.js';

export const CreateEnvironmentPayload = Type.Object(
  { key: SlugKey, name: Type.Optional(ShortText) },
  { additionalProperties: false },
);

export type EnvironmentView = ReturnType<typeof environmentView>;

export function environmentView(environment: Environment, projectKey: string) {
  return {
    key: environment.key,
    name: environment.name,
    project: projectKey,
    version: environment.version,
    createdAt: environment.createdAt,
    updatedAt: environment.updatedAt,
  };
}

export interface EnvironmentServiceDeps {
  db: Queryable;
  projects: (db: Queryable) => ProjectStore;
  environments: (db: Queryable) => EnvironmentStore;
  /** Adds the project's existing flags to a new environment (the flags feature's rule). */
  onCreated(ctx: CommandContext, project: ProjectRef, environment: Environment): Promise<void>;
}

export async function requireEnvironment(
  store: EnvironmentStore,
  project: Pick<Project, 'id' | 'key'>,
  key: string,
): Promise<Environment> {
  const environment = await store.find(project.id, key);
  if (!environment) throw notFound(`environment "${key}" does not exist in project "${project.key}"`);
  return environment;
}

export class EnvironmentQueries {
  constructor(private readonly deps: Pick<EnvironmentServiceDeps, 'db' | 'projects' | 'environments'>) {}

  async list(actor: Actor, projectKey: string): Promise<{ project: Project; environments: Environment[] }> {
    authorise(actor, 'read', { project: projectKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    return { project, environments: await this.deps.environments(this.deps.db).list(project.id) };
  }

  async get(actor: Actor, projectKey: string, key: string): Promise<Environment> {
    authorise(actor, 'read', { project: projectKey, environment: key });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    return requireEnvironment(this.deps.environments(this.deps.db), project, key);
  }
}

/**
 * The one rule for a new environment: created empty, then every existing flag of the project is
 * added to it, DISABLED (see the flags feature). Used by `environment.create` and `project.create`.
 */
export function environmentCreator(deps: EnvironmentServiceDeps) {
  return async (ctx: CommandContext, project: ProjectRef, input: { key: string; name?: string }) => {
    const store = deps.environments(ctx.tx);
    const exists = () => conflict(`environment "${input.key}" already exists in project "${project.key}"`);
    if (await store.find(project.id, input.key)) throw exists();
    let environment: Environment;
    try {
      environment = await store.insert(
        project.id,
        { key: input.key, name: input.name ?? input.key },
        ctx.now,
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw exists();
      throw error;
    }
    await deps.onCreated(ctx, project, environment);
    ctx.audit({
      action: 'environment.create',
      resourceType: 'environment',
      resource: `projects/${project.key}/environments/${environment.key}`,
      projectKey: project.key,
      environmentKey: environment.key,
      before: null,
      after: environmentView(environment, project.key),
    });
    return environment;
  };
}

export function environmentCommands(deps: EnvironmentServiceDeps) {
  const create = environmentCreator(deps);
  return [
    defineCommand({
      action: 'environment.create',
      summary: 'Create an environment (every flag starts DISABLED in it)',
      target: ['project'],
      payload: CreateEnvironmentPayload,
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: false,
      async run(ctx, payload: Static<typeof CreateEnvironmentPayload>) {
        return { key: (await create(ctx, ctx.project!, payload)).key };
      },
    }),
    defineCommand({
      action: 'environment.delete',
      summary: 'Delete an environment with its flag configurations, segments and SDK keys',
      target: ['project', 'environment'],
      payload: Type.Object({}, { additionalProperties: false }),
      // Project-wide: an environment-scoped editor may change an environment, not remove it.
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx) {
        const project = ctx.project!;
        const store = deps.environments(ctx.tx);
        const current = await requireEnvironment(store, project, ctx.command.target.environment!);
        ctx.checkVersion(`environment "${current.key}"`, current.version);
        await store.delete(current.id);
        ctx.audit({
          action: 'environment.delete',
          resourceType: 'environment',
          resource: `projects/${project.key}/environments/${current.key}`,
          projectKey: project.key,
          environmentKey: current.key,
          before: environmentView(current, project.key),
          after: null,
        });
        return null;
      },
    }),
  ];
}

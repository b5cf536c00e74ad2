import { type Static, Type } from '@sinclair/typebox';
import type { ProjectRef } from '../commands/change-unit.js';
import type { CommandContext } from '../commands/command-definition.js';
import { defineCommand } from '../commands/command-definition.js';
import { readableProjects } from '../kernel/access.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { conflict, notFound } from '../kernel/errors.js';
import { LongText, ShortText, SlugKey } from '../kernel/field-schemas.js';
import type { Queryable } from '../storage/database.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import type { Project, ProjectStore } from './project-store.js';

export const CreateProjectPayload = Type.Object(
  {
    key: SlugKey,
    name: Type.Optional(ShortText),
    description: Type.Optional(LongText),
    environments: Type.Optional(
      Type.Array(
        Type.Object({ key: SlugKey, name: Type.Optional(ShortText) }, { additionalProperties: false }),
        { maxItems: 50, uniqueItems: true },
      ),
    ),
  },
  { additionalProperties: false },
);

export const UpdateProjectPayload = Type.Object(
  { name: Type.Optional(ShortText), description: Type.Optional(LongText) },
  { additionalProperties: false, minProperties: 1 },
);

export type ProjectView = ReturnType<typeof projectView>;

export function projectView(project: Project) {
  const { id: _id, ...view } = project;
  return view;
}

export interface ProjectServiceDeps {
  db: Queryable;
  projects: (db: Queryable) => ProjectStore;
  /** Creates an environment inside the same change (the environments feature's rule). */
  createEnvironment(
    ctx: CommandContext,
    project: ProjectRef,
    input: { key: string; name?: string },
  ): Promise<unknown>;
}

/** Reading projects: what the actor may see. */
export class ProjectQueries {
  constructor(private readonly deps: Pick<ProjectServiceDeps, 'db' | 'projects'>) {}

  async list(actor: Actor): Promise<Project[]> {
    const all = await this.deps.projects(this.deps.db).list();
    const readable = readableProjects(actor.access);
    return readable === null ? all : all.filter((p) => readable.includes(p.key));
  }

  /** 404 when it does not exist, 403 when the actor may not read it. */
  async get(actor: Actor, key: string): Promise<Project> {
    authorise(actor, 'read', { project: key });
    return requireProject(this.deps.projects(this.deps.db), key);
  }
}

export async function requireProject(store: ProjectStore, key: string): Promise<Project> {
  const project = await store.find(key);
  if (!project) throw notFound(`project "${key}" does not exist`);
  return project;
}

export function projectCommands(deps: ProjectServiceDeps) {
  const audit = (ctx: CommandContext, action: string, before: Project | null, after: Project | null) => {
    const key = (after ?? before)!.key;
    ctx.audit({
      action,
      resourceType: 'project',
      resource: `projects/${key}`,
      projectKey: key,
      before: before && projectView(before),
      after: after && projectView(after),
    });
  };
  return [
    defineCommand({
      action: 'project.create',
      summary: 'Create a project, optionally with environments',
      target: [],
      payload: CreateProjectPayload,
      permission: 'write',
      scope: 'server',
      unit: 'new-project',
      versioned: true,
      async run(ctx, payload: Static<typeof CreateProjectPayload>) {
        const store = deps.projects(ctx.tx);
        const exists = () => conflict(`project "${payload.key}" already exists`);
        const existing = await store.find(payload.key);
        ctx.checkVersion(`project "${payload.key}"`, existing?.version ?? 0);
        if (existing) throw exists();
        let project: Project;
        try {
          project = await store.insert(
            payload.key,
            { name: payload.name ?? payload.key, description: payload.description ?? '' },
            ctx.now,
          );
        } catch (error) {
          // Another writer created it first (the unique key settles the race).
          if (isUniqueViolation(error)) throw exists();
          throw error;
        }
        ctx.createdProject(project);
        audit(ctx, 'project.create', null, project);
        for (const environment of payload.environments ?? [])
          await deps.createEnvironment(ctx, project, environment);
        return projectView(project);
      },
    }),
    defineCommand({
      action: 'project.update',
      summary: "Change a project's name or description",
      target: ['project'],
      payload: UpdateProjectPayload,
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx, payload: Static<typeof UpdateProjectPayload>) {
        const store = deps.projects(ctx.tx);
        const current = await requireProject(store, ctx.project!.key);
        ctx.checkVersion(`project "${current.key}"`, current.version);
        const next = await store.update(
          current,
          { name: payload.name ?? current.name, description: payload.description ?? current.description },
          ctx.now,
        );
        audit(ctx, 'project.update', current, next);
        return projectView(next);
      },
    }),
    defineCommand({
      action: 'project.delete',
      summary: 'Delete a project with all its environments, flags, segments and SDK keys',
      target: ['project'],
      payload: Type.Object({}, { additionalProperties: false }),
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx) {
        const store = deps.projects(ctx.tx);
        const current = await requireProject(store, ctx.project!.key);
        ctx.checkVersion(`project "${current.key}"`, current.version);
        await store.delete(current.id);
        audit(ctx, 'project.delete', current, null);
        return null;
      },
    }),
  ];
}

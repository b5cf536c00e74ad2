import { type Static, Type } from '@sinclair/typebox';
import type { JsonValue } from '@switchyard/core';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { conflict, notFound } from '../kernel/errors.js';
import { JsonObjectSchema, LongText, ShortText } from '../kernel/field-schemas.js';
import { requireProject } from '../projects/project-service.js';
import type { ProjectStore } from '../projects/project-store.js';
import type { Queryable } from '../storage/database.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import type { Segment, SegmentStore } from './segment-store.js';

/** Segment keys become `$evaluators` names, referenced from targeting as `{"$ref": "<key>"}`. */
export const segmentKeyPattern = '^[A-Za-z0-9][A-Za-z0-9._-]*$';
export const SegmentKey = Type.String({ pattern: segmentKeyPattern, minLength: 1, maxLength: 200 });

export const CreateSegmentPayload = Type.Object(
  {
    key: SegmentKey,
    name: Type.Optional(ShortText),
    description: Type.Optional(LongText),
    /** A JSON Logic condition. */
    rule: JsonObjectSchema,
  },
  { additionalProperties: false },
);

export const UpdateSegmentPayload = Type.Object(
  {
    name: Type.Optional(ShortText),
    description: Type.Optional(LongText),
    rule: Type.Optional(JsonObjectSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);

export function segmentView(segment: Segment) {
  const { id: _id, environmentId: _env, ...view } = segment;
  return view;
}

export type SegmentView = ReturnType<typeof segmentView>;

export interface SegmentServiceDeps {
  db: Queryable;
  projects: (db: Queryable) => ProjectStore;
  environments: (db: Queryable) => EnvironmentStore;
  segments: (db: Queryable) => SegmentStore;
}

async function requireSegment(store: SegmentStore, environmentId: string, key: string): Promise<Segment> {
  const segment = await store.find(environmentId, key);
  if (!segment) throw notFound(`segment "${key}" does not exist`);
  return segment;
}

export class SegmentQueries {
  constructor(private readonly deps: SegmentServiceDeps) {}

  async list(actor: Actor, projectKey: string, environmentKey: string): Promise<Segment[]> {
    const environment = await this.#environment(actor, projectKey, environmentKey);
    return this.deps.segments(this.deps.db).list([environment.id]);
  }

  async get(actor: Actor, projectKey: string, environmentKey: string, key: string): Promise<Segment> {
    const environment = await this.#environment(actor, projectKey, environmentKey);
    return requireSegment(this.deps.segments(this.deps.db), environment.id, key);
  }

  async #environment(actor: Actor, projectKey: string, environmentKey: string) {
    authorise(actor, 'read', { project: projectKey, environment: environmentKey });
    const project = await requireProject(this.deps.projects(this.deps.db), projectKey);
    return requireEnvironment(this.deps.environments(this.deps.db), project, environmentKey);
  }
}

export function segmentCommands(deps: SegmentServiceDeps) {
  const environmentOf = (ctx: CommandContext) =>
    requireEnvironment(deps.environments(ctx.tx), ctx.project!, ctx.command.target.environment!);
  const audit = (
    ctx: CommandContext,
    action: string,
    environment: string,
    before: Segment | null,
    after: Segment | null,
  ) => {
    const project = ctx.project!.key;
    const key = (after ?? before)!.key;
    ctx.audit({
      action,
      resourceType: 'segment',
      resource: `projects/${project}/environments/${environment}/segments/${key}`,
      projectKey: project,
      environmentKey: environment,
      before: before && segmentView(before),
      after: after && segmentView(after),
    });
  };
  const common = {
    permission: 'write',
    scope: 'environment',
    unit: 'project',
    versioned: true,
  } as const;

  return [
    defineCommand({
      ...common,
      action: 'segment.create',
      summary: 'Create a segment (published as $evaluators)',
      target: ['project', 'environment'],
      payload: CreateSegmentPayload,
      async run(ctx, payload: Static<typeof CreateSegmentPayload>) {
        const environment = await environmentOf(ctx);
        const store = deps.segments(ctx.tx);
        const exists = () =>
          conflict(`segment "${payload.key}" already exists in environment "${environment.key}"`);
        const existing = await store.find(environment.id, payload.key);
        ctx.checkVersion(`segment "${payload.key}"`, existing?.version ?? 0);
        if (existing) throw exists();
        try {
          const fields = {
            name: payload.name ?? payload.key,
            description: payload.description ?? '',
            rule: payload.rule as JsonValue,
          };
          const segment = await store.insert(environment.id, payload.key, fields, ctx.now);
          audit(ctx, 'segment.create', environment.key, null, segment);
          return segmentView(segment);
        } catch (error) {
          if (isUniqueViolation(error)) throw exists();
          throw error;
        }
      },
    }),
    defineCommand({
      ...common,
      action: 'segment.update',
      summary: 'Change a segment',
      target: ['project', 'environment', 'segment'],
      payload: UpdateSegmentPayload,
      async run(ctx, payload: Static<typeof UpdateSegmentPayload>) {
        const environment = await environmentOf(ctx);
        const current = await requireSegment(
          deps.segments(ctx.tx),
          environment.id,
          ctx.command.target.segment!,
        );
        ctx.checkVersion(`segment "${current.key}"`, current.version);
        const updated = await deps.segments(ctx.tx).update(
          current,
          {
            name: payload.name ?? current.name,
            description: payload.description ?? current.description,
            rule: (payload.rule as JsonValue | undefined) ?? current.rule,
          },
          ctx.now,
        );
        audit(ctx, 'segment.update', environment.key, current, updated);
        return segmentView(updated);
      },
    }),
    defineCommand({
      ...common,
      action: 'segment.delete',
      summary: 'Delete a segment (refused while targeting refers to it)',
      target: ['project', 'environment', 'segment'],
      payload: Type.Object({}, { additionalProperties: false }),
      async run(ctx) {
        const environment = await environmentOf(ctx);
        const current = await requireSegment(
          deps.segments(ctx.tx),
          environment.id,
          ctx.command.target.segment!,
        );
        ctx.checkVersion(`segment "${current.key}"`, current.version);
        await deps.segments(ctx.tx).delete(current.id);
        audit(ctx, 'segment.delete', environment.key, current, null);
        return null;
      },
    }),
  ];
}

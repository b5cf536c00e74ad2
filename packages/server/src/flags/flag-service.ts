import { type Static, Type } from '@sinclair/typebox';
import type { JsonValue } from '@switchyard/core';
import type { CodeReferenceStore } from '../code-references/code-reference-store.js';
import { codeReferenceUsage } from '../code-references/code-reference-usage.js';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { conflict, notFound, validationFailed } from '../kernel/errors.js';
import { requireProject } from '../projects/project-service.js';
import type { Project, ProjectStore } from '../projects/project-store.js';
import type { Queryable } from '../storage/database.js';
import { isUniqueViolation } from '../storage/unique-violation.js';
import type { FlagConfigStore } from './flag-config-store.js';
import type { FlagConfiguration } from './flag-configuration.js';
import type { FlagLifecyclePolicy } from './flag-lifecycle.js';
import {
  assertTypeChangeAllowed,
  defaultVariantOf,
  droppedDefaultIssues,
  variantTypeIssues,
} from './flag-rules.js';
import { createFlagPayload, UpdateFlagPayload } from './flag-schemas.js';
import type { Flag, FlagKind, FlagStore } from './flag-store.js';
import { flagSummaryView } from './flag-summary-view.js';
import { flagAuditView, flagView } from './flag-view.js';

export type FlagView = ReturnType<typeof flagView>;
export type FlagSummaryView = ReturnType<typeof flagSummaryView>;
export interface FlagListFilter {
  kind?: FlagKind;
  tag?: string;
  stale?: boolean;
  archived?: boolean;
}

export interface FlagServiceDeps {
  db: Queryable;
  projects: (db: Queryable) => ProjectStore;
  environments: (db: Queryable) => EnvironmentStore;
  flags: (db: Queryable) => FlagStore;
  flagConfigs: (db: Queryable) => FlagConfigStore;
  codeReferences: (db: Queryable) => CodeReferenceStore;
  configuration: FlagConfiguration;
  /** Stages, staleness and the naming policy (the lifecycle feature). */
  lifecycle: FlagLifecyclePolicy;
  /** The flag-key naming rule (configurable). */
  flagKeyRule: RegExp;
}

export async function requireFlag(
  store: FlagStore,
  project: Pick<Project, 'id' | 'key'>,
  key: string,
): Promise<Flag> {
  const flag = await store.find(project.id, key);
  if (!flag) throw notFound(`flag "${key}" does not exist in project "${project.key}"`);
  return flag;
}

/** A flag with its configuration in every environment, read through `db` (a transaction or not). */
export async function fullFlagView(deps: FlagServiceDeps, db: Queryable, flag: Flag): Promise<FlagView> {
  const environments = await deps.environments(db).list(flag.projectId);
  const usage = await codeReferenceUsage(deps.codeReferences(db), flag.projectId, [flag.key]);
  const configs = await deps.flagConfigs(db).listOfFlag(flag.id);
  const annotate = await deps.lifecycle.annotate(db, {
    projectId: flag.projectId,
    flags: [flag],
    configs,
    environments,
    usage,
  });
  return flagView(flag, configs, environments, usage(flag.key), annotate(flag));
}

/** A flag that may be changed: archived ones must be restored first. */
export async function requireLiveFlag(
  store: FlagStore,
  project: Pick<Project, 'id' | 'key'>,
  key: string,
): Promise<Flag> {
  const flag = await requireFlag(store, project, key);
  if (flag.archivedAt) {
    throw conflict(`flag "${key}" is archived (since ${flag.archivedAt}): restore it before changing it`);
  }
  return flag;
}

export class FlagQueries {
  constructor(private readonly deps: FlagServiceDeps) {}

  async list(actor: Actor, projectKey: string, filter: FlagListFilter): Promise<FlagView[]> {
    authorise(actor, 'read', { project: projectKey });
    const db = this.deps.db;
    const project = await requireProject(this.deps.projects(db), projectKey);
    const environments = await this.deps.environments(db).list(project.id);
    const configs = await this.deps.flagConfigs(db).listOfEnvironments(environments.map((e) => e.id));
    const flags = (await this.deps.flags(db).list(project.id)).filter(
      (f) =>
        (filter.kind === undefined || f.kind === filter.kind) &&
        (filter.tag === undefined || f.tags.includes(filter.tag)) &&
        Boolean(f.archivedAt) === (filter.archived ?? false),
    );
    const usage = await codeReferenceUsage(this.deps.codeReferences(db), project.id);
    const annotate = await this.deps.lifecycle.annotate(db, {
      projectId: project.id,
      flags,
      configs,
      environments,
      usage,
    });
    const configsOf = byFlag(configs);
    return flags
      .map((f) => flagView(f, configsOf.get(f.id) ?? [], environments, usage(f.key), annotate(f)))
      .filter((f) => filter.stale === undefined || f.stale.reasons.length > 0 === filter.stale);
  }

  /**
   * The list's summary of each flag: one query per table (the flags without their variants and
   * metadata, the configurations without parsing their targeting), no per-flag reads.
   */
  async summaries(actor: Actor, projectKey: string, filter: FlagListFilter): Promise<FlagSummaryView[]> {
    authorise(actor, 'read', { project: projectKey });
    const db = this.deps.db;
    const project = await requireProject(this.deps.projects(db), projectKey);
    const environments = await this.deps.environments(db).list(project.id);
    const configs = await this.deps.flagConfigs(db).listStatesOfEnvironments(environments.map((e) => e.id));
    const listed = await this.deps.flags(db).listSummaries(project.id, {
      archived: filter.archived ?? false,
      ...(filter.kind !== undefined && { kind: filter.kind }),
    });
    const tag = filter.tag;
    const flags = tag === undefined ? listed : listed.filter((f) => f.tags.includes(tag));
    const usage = await codeReferenceUsage(this.deps.codeReferences(db), project.id);
    const annotate = await this.deps.lifecycle.annotate(db, {
      projectId: project.id,
      flags,
      configs,
      environments,
      usage,
    });
    const configsOf = byFlag(configs);
    const environmentKey = new Map(environments.map((e) => [e.id, e.key]));
    const views: FlagSummaryView[] = [];
    for (const flag of flags) {
      const view = flagSummaryView(flag, configsOf.get(flag.id) ?? [], environmentKey, annotate(flag));
      if (filter.stale === undefined || view.stale.reasons.length > 0 === filter.stale) views.push(view);
    }
    return views;
  }

  async get(actor: Actor, projectKey: string, key: string): Promise<FlagView> {
    authorise(actor, 'read', { project: projectKey });
    const db = this.deps.db;
    const project = await requireProject(this.deps.projects(db), projectKey);
    return fullFlagView(this.deps, db, await requireFlag(this.deps.flags(db), project, key));
  }
}

export function flagCommands(deps: FlagServiceDeps) {
  const CreateFlagPayload = createFlagPayload(deps.flagKeyRule.source);
  const audit = (ctx: CommandContext, action: string, before: Flag | null, after: Flag | null) => {
    const flag = (after ?? before)!;
    const project = ctx.project!.key;
    ctx.audit({
      action,
      resourceType: 'flag',
      resource: `projects/${project}/flags/${flag.key}`,
      projectKey: project,
      flagKey: flag.key,
      before: before && flagAuditView(before),
      after: after && flagAuditView(after),
    });
  };
  const environmentKeys = async (ctx: CommandContext) => {
    const environments = await deps.environments(ctx.tx).list(ctx.project!.id);
    const keys = new Map(environments.map((e) => [e.id, e.key]));
    return (id: string) => keys.get(id);
  };

  return [
    defineCommand({
      action: 'flag.create',
      summary: 'Create a flag (DISABLED in every environment)',
      target: ['project'],
      payload: CreateFlagPayload,
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx, payload: Static<typeof CreateFlagPayload>) {
        const variants = payload.variants as Record<string, JsonValue>;
        // The key's naming rule and length are part of the payload schema.
        const issues = variantTypeIssues(variants, ctx.payloadPath('/variants'));
        if (payload.defaultVariant !== undefined && !Object.hasOwn(variants, payload.defaultVariant)) {
          issues.push({
            path: ctx.payloadPath('/defaultVariant'),
            message: `"${payload.defaultVariant}" is not one of the variants (${Object.keys(variants).join(', ')})`,
          });
        }
        if (payload.safeVariant !== undefined && !Object.hasOwn(variants, payload.safeVariant)) {
          issues.push({
            path: ctx.payloadPath('/safeVariant'),
            message: `"${payload.safeVariant}" is not one of the variants (${Object.keys(variants).join(', ')})`,
          });
        }
        if (issues.length > 0) throw validationFailed(issues);
        await deps.lifecycle.checkNewFlag(ctx, payload);
        const project = ctx.project!;
        const store = deps.flags(ctx.tx);
        const exists = () => conflict(`flag "${payload.key}" already exists in project "${project.key}"`);
        const existing = await store.find(project.id, payload.key);
        ctx.checkVersion(`flag "${payload.key}"`, existing?.version ?? 0);
        if (existing?.archivedAt) {
          throw conflict(
            `flag "${payload.key}" already exists in project "${project.key}", archived: restore it (POST …/flags/${payload.key}/restore) or delete it first`,
          );
        }
        if (existing) throw exists();
        let flag: Flag;
        try {
          flag = await store.insert(
            project.id,
            payload.key,
            {
              name: payload.name ?? payload.key,
              description: payload.description ?? '',
              kind: payload.kind ?? 'release',
              owner: payload.owner ?? '',
              tags: payload.tags ?? [],
              variants,
              metadata: payload.metadata ?? null,
              defaultVariant: defaultVariantOf(variants, payload.defaultVariant),
              safeVariant: payload.safeVariant ?? null,
            },
            ctx.now,
          );
        } catch (error) {
          if (isUniqueViolation(error)) throw exists();
          throw error;
        }
        await deps.configuration.addFlag(ctx, flag, await deps.environments(ctx.tx).list(project.id));
        audit(ctx, 'flag.create', null, flag);
        return fullFlagView(deps, ctx.tx, flag);
      },
    }),
    defineCommand({
      action: 'flag.update',
      summary: "Change a flag's description, kind, owner, tags, variants or metadata",
      target: ['project', 'flag'],
      payload: UpdateFlagPayload,
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx, payload: Static<typeof UpdateFlagPayload>) {
        const current = await requireLiveFlag(deps.flags(ctx.tx), ctx.project!, ctx.command.target.flag!);
        ctx.checkVersion(`flag "${current.key}"`, current.version);
        const variants = (payload.variants as Record<string, JsonValue> | undefined) ?? current.variants;
        if (payload.variants) {
          const typeIssues = variantTypeIssues(variants, ctx.payloadPath('/variants'));
          if (typeIssues.length > 0) throw validationFailed(typeIssues);
          const configs = await deps.flagConfigs(ctx.tx).listOfFlag(current.id);
          const environmentKey = await environmentKeys(ctx);
          const dropped = droppedDefaultIssues(
            configs,
            variants,
            environmentKey,
            ctx.payloadPath('/variants'),
          );
          if (dropped.length > 0) throw validationFailed(dropped);
          assertTypeChangeAllowed(current, variants, configs, environmentKey, ctx.force);
        }
        const keepsDefault =
          current.defaultVariant !== null && Object.hasOwn(variants, current.defaultVariant);
        const safeVariant = payload.safeVariant === undefined ? current.safeVariant : payload.safeVariant;
        if (safeVariant !== null && !Object.hasOwn(variants, safeVariant)) {
          const path = ctx.payloadPath(payload.safeVariant === undefined ? '/variants' : '/safeVariant');
          throw validationFailed([
            { path, message: `"${safeVariant}" is the flag's safe variant and must be one of its variants` },
          ]);
        }
        const updated = await deps.flags(ctx.tx).update(
          current,
          {
            name: payload.name ?? current.name,
            description: payload.description ?? current.description,
            kind: payload.kind ?? current.kind,
            owner: payload.owner ?? current.owner,
            tags: payload.tags ?? current.tags,
            variants,
            metadata: payload.metadata === undefined ? current.metadata : payload.metadata,
            defaultVariant: keepsDefault ? current.defaultVariant : defaultVariantOf(variants),
            safeVariant,
          },
          ctx.now,
        );
        audit(ctx, 'flag.update', current, updated);
        return fullFlagView(deps, ctx.tx, updated);
      },
    }),
    defineCommand({
      action: 'flag.delete',
      summary: 'Delete a flag from every environment',
      target: ['project', 'flag'],
      payload: Type.Object({}, { additionalProperties: false }),
      permission: 'write',
      scope: 'project',
      unit: 'project',
      versioned: true,
      async run(ctx) {
        const current = await requireFlag(deps.flags(ctx.tx), ctx.project!, ctx.command.target.flag!);
        ctx.checkVersion(`flag "${current.key}"`, current.version);
        await deps.flags(ctx.tx).delete(current.id);
        audit(ctx, 'flag.delete', current, null);
        return null;
      },
    }),
  ];
}

/** Configurations grouped by flag, once: matching every flag against every configuration is quadratic (seconds at 5,000 flags). */
function byFlag<T extends { flagId: string }>(configs: readonly T[]): Map<string, T[]> {
  const grouped = new Map<string, T[]>();
  for (const config of configs) {
    const list = grouped.get(config.flagId);
    if (list) list.push(config);
    else grouped.set(config.flagId, [config]);
  }
  return grouped;
}

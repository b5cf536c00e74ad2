import type { Static } from '@sinclair/typebox';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import type { Environment } from '../environments/environment-store.js';
import type { Actor } from '../kernel/actor.js';
import { authorise } from '../kernel/authorise.js';
import { notFound } from '../kernel/errors.js';
import { requireProject } from '../projects/project-service.js';
import type { FlagConfig, FlagConfigFields } from './flag-config-store.js';
import { ReplaceFlagConfigPayload, UpdateFlagConfigPayload } from './flag-schemas.js';
import { type FlagServiceDeps, requireFlag, requireLiveFlag } from './flag-service.js';
import type { Flag } from './flag-store.js';
import { flagConfigView } from './flag-view.js';

export type FlagConfigView = ReturnType<typeof configView>;

export function configView(project: string, environment: string, flag: string, config: FlagConfig) {
  return { project, environment, flag, ...flagConfigView(config) };
}

function notConfigured(flag: string, environment: string) {
  return notFound(
    `flag "${flag}" is not configured in environment "${environment}" (PUT a configuration to add it)`,
  );
}

export class FlagConfigQueries {
  constructor(private readonly deps: FlagServiceDeps) {}

  async get(
    actor: Actor,
    projectKey: string,
    environmentKey: string,
    flagKey: string,
  ): Promise<FlagConfigView> {
    authorise(actor, 'read', { project: projectKey, environment: environmentKey });
    const db = this.deps.db;
    const project = await requireProject(this.deps.projects(db), projectKey);
    const environment = await requireEnvironment(this.deps.environments(db), project, environmentKey);
    const flag = await requireFlag(this.deps.flags(db), project, flagKey);
    const config = await this.deps.flagConfigs(db).find(flag.id, environment.id);
    if (!config) throw notConfigured(flag.key, environment.key);
    return configView(project.key, environment.key, flag.key, config);
  }
}

export function flagConfigCommands(deps: FlagServiceDeps) {
  /** Looked up under the project lock: a deletion that committed first answers 404. */
  const load = async (ctx: CommandContext) => {
    const project = ctx.project!;
    const { environment: envKey, flag: flagKey } = ctx.command.target;
    const environment = await requireEnvironment(deps.environments(ctx.tx), project, envKey!);
    const flag = await requireLiveFlag(deps.flags(ctx.tx), project, flagKey!);
    const current = await deps.flagConfigs(ctx.tx).find(flag.id, environment.id);
    return { environment, flag, current };
  };
  const write = async (
    ctx: CommandContext,
    target: { environment: Environment; flag: Flag; current: FlagConfig | undefined },
    fields: FlagConfigFields,
  ) => {
    const { environment, flag, current } = target;
    ctx.checkVersion(`configuration of flag "${flag.key}" in "${environment.key}"`, current?.version ?? 0);
    const project = ctx.project!.key;
    const saved = await deps.configuration.save(
      ctx,
      flag,
      environment,
      fields,
      current,
      ctx.payloadPath('/defaultVariant'),
    );
    ctx.audit({
      action: current ? 'flag-config.update' : 'flag-config.create',
      resourceType: 'flag-config',
      resource: `projects/${project}/environments/${environment.key}/flags/${flag.key}`,
      projectKey: project,
      environmentKey: environment.key,
      flagKey: flag.key,
      before: current ? auditView(current) : null,
      after: auditView(saved),
    });
    return configView(project, environment.key, flag.key, saved);
  };

  return [
    defineCommand({
      action: 'flag-config.replace',
      summary: "Replace a flag's configuration in an environment (absent targeting: none)",
      target: ['project', 'environment', 'flag'],
      payload: ReplaceFlagConfigPayload,
      permission: 'write',
      scope: 'environment',
      unit: 'project',
      versioned: true,
      async run(ctx, payload: Static<typeof ReplaceFlagConfigPayload>) {
        const target = await load(ctx);
        const targeting = (payload.targeting ?? null) as FlagConfigFields['targeting'];
        return write(ctx, target, {
          state: payload.state,
          defaultVariant: payload.defaultVariant,
          targeting,
        });
      },
    }),
    defineCommand({
      action: 'flag-config.update',
      summary: "Change part of a flag's configuration in an environment",
      target: ['project', 'environment', 'flag'],
      payload: UpdateFlagConfigPayload,
      permission: 'write',
      scope: 'environment',
      unit: 'project',
      versioned: true,
      async run(ctx, payload: Static<typeof UpdateFlagConfigPayload>) {
        const target = await load(ctx);
        const { current } = target;
        if (!current) throw notConfigured(target.flag.key, target.environment.key);
        return write(ctx, target, {
          state: payload.state ?? current.state,
          defaultVariant:
            payload.defaultVariant !== undefined ? payload.defaultVariant : current.defaultVariant,
          targeting:
            payload.targeting !== undefined
              ? (payload.targeting as FlagConfigFields['targeting'])
              : current.targeting,
        });
      },
    }),
  ];
}

function auditView(config: FlagConfig) {
  return { state: config.state, defaultVariant: config.defaultVariant, targeting: config.targeting };
}

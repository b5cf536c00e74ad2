import { type Static, Type } from '@sinclair/typebox';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import type { Environment, EnvironmentStore } from '../environments/environment-store.js';
import type { FlagConfigStore } from '../flags/flag-config-store.js';
import type { FlagConfiguration } from '../flags/flag-configuration.js';
import { requireLiveFlag } from '../flags/flag-service.js';
import type { FlagStore } from '../flags/flag-store.js';
import {
  adoptedBase,
  baseTargetingOf,
  composeConfig,
  isAsWritten,
  writeManagedConfig,
} from '../flags/managed-slot.js';
import { conflict, notFound, validationFailed } from '../kernel/errors.js';
import type { DialectName, Queryable } from '../storage/database.js';
import {
  CreateExperimentPayload,
  DESCRIPTIVE_FIELDS,
  experimentDesign,
  UpdateExperimentPayload,
} from './experiment-design.js';
import type { Experiment, ExperimentStore } from './experiment-store.js';
import { designInput, type ExperimentView, experimentView, splitRule } from './experiment-view.js';

export const StopExperimentPayload = Type.Object(
  {
    serve: Type.Optional(
      Type.String({ minLength: 1, description: 'The variant everyone gets from now on (default: control)' }),
    ),
    reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
  },
  { additionalProperties: false },
);

export const ExperimentReasonPayload = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) },
  { additionalProperties: false },
);

export interface ExperimentCommandDeps {
  dialect: DialectName;
  environments: (db: Queryable) => EnvironmentStore;
  flags: (db: Queryable) => FlagStore;
  flagConfigs: (db: Queryable) => FlagConfigStore;
  experiments: (db: Queryable, dialect: DialectName) => ExperimentStore;
  configuration: FlagConfiguration;
  /** What else manages the flag's targeting in the environment (a rollout), if anything: it blocks a start. */
  otherManager: (db: Queryable, environmentId: string, flagId: string) => Promise<string | undefined>;
}

/** Every change of an experiment goes to the audit trail with its view before and after. */
function auditExperiment(
  ctx: CommandContext,
  action: string,
  experiment: Experiment,
  before: Experiment | null,
  after: Experiment | null,
) {
  const project = ctx.project!.key;
  const environment = ctx.command.target.environment!;
  ctx.audit({
    action: `experiment.${action}`,
    resourceType: 'experiment',
    resource: `projects/${project}/environments/${environment}/experiments/${experiment.key}`,
    projectKey: project,
    environmentKey: environment,
    flagKey: experiment.flagKey,
    before: before && experimentView(before, project, environment),
    after: after && experimentView(after, project, environment),
  });
}

/**
 * A kill switch ends the flag's running experiment in that environment: everyone gets the safe
 * variant now, so its results stop there. The flag's configuration is the kill's to write.
 */
export function stopOnKill(deps: Pick<ExperimentCommandDeps, 'dialect' | 'experiments'>) {
  return async (
    ctx: CommandContext,
    environmentId: string,
    flagId: string,
    served: string,
    reason: string,
  ) => {
    const store = deps.experiments(ctx.tx, deps.dialect);
    const running = await store.findRunning(environmentId, flagId);
    if (!running) return;
    const stopped = await store.update(running, {
      status: 'stopped',
      stoppedAt: ctx.now,
      outcome: { served, reason: `the flag was killed: ${reason}` },
      updatedAt: ctx.now,
    });
    auditExperiment(ctx, 'stop', running, running, stopped);
  };
}

export function experimentCommands(deps: ExperimentCommandDeps) {
  const store = (ctx: CommandContext) => deps.experiments(ctx.tx, deps.dialect);
  const environmentOf = (ctx: CommandContext) =>
    requireEnvironment(deps.environments(ctx.tx), ctx.project!, ctx.command.target.environment!);
  const view = (ctx: CommandContext, experiment: Experiment) =>
    experimentView(experiment, ctx.project!.key, ctx.command.target.environment!);

  /** The experiment named by the target, locked for this change. */
  async function load(ctx: CommandContext): Promise<{ environment: Environment; experiment: Experiment }> {
    const environment = await environmentOf(ctx);
    const experiment = await store(ctx).findForUpdate(environment.id, ctx.command.target.id!);
    if (!experiment) {
      throw notFound(
        `experiment "${ctx.command.target.id}" does not exist in environment "${environment.key}"`,
      );
    }
    ctx.checkVersion(`experiment "${experiment.key}"`, experiment.version);
    return { environment, experiment };
  }

  async function flagOf(ctx: CommandContext, experiment: Experiment) {
    const flags = await deps.flags(ctx.tx).list(experiment.projectId);
    const flag = flags.find((f) => f.id === experiment.flagId);
    if (!flag) throw notFound(`flag "${experiment.flagKey}" of the experiment no longer exists`);
    return flag;
  }

  const common = { permission: 'write', scope: 'environment', unit: 'project' } as const;
  const byKey = ['project', 'environment', 'id'] as const;

  return [
    defineCommand({
      ...common,
      versioned: false,
      action: 'experiment.create',
      summary: 'Create an experiment (a draft) on a flag: its split, metrics and statistics',
      target: ['project', 'environment'],
      payload: CreateExperimentPayload,
      async run(ctx, payload: Static<typeof CreateExperimentPayload>): Promise<ExperimentView> {
        const { key, flag: flagKey, ...input } = payload;
        const environment = await environmentOf(ctx);
        const flag = await requireLiveFlag(deps.flags(ctx.tx), ctx.project!, flagKey);
        const checked = experimentDesign(key, input, Object.keys(flag.variants), ctx.payloadPath);
        if ('issues' in checked) throw validationFailed(checked.issues);
        if (await store(ctx).find(environment.id, key)) {
          throw conflict(`experiment "${key}" already exists in environment "${environment.key}"`);
        }
        const experiment = await store(ctx).insert({
          projectId: ctx.project!.id,
          environmentId: environment.id,
          flagId: flag.id,
          flagKey: flag.key,
          key,
          design: checked.design,
          status: 'draft',
          baseTargeting: null,
          written: null,
          startedAt: null,
          stoppedAt: null,
          outcome: null,
          createdBy: ctx.actor.name,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        });
        const created = view(ctx, experiment);
        auditExperiment(ctx, 'create', experiment, null, experiment);
        return created;
      },
    }),
    defineCommand({
      ...common,
      versioned: true,
      action: 'experiment.update',
      summary: "Change a draft's design, or the name and hypothesis of a started experiment",
      target: byKey,
      payload: UpdateExperimentPayload,
      async run(ctx, payload: Static<typeof UpdateExperimentPayload>): Promise<ExperimentView> {
        const { experiment } = await load(ctx);
        if (experiment.status !== 'draft') {
          const fixed = Object.keys(payload).filter(
            (field) => !(DESCRIPTIVE_FIELDS as readonly string[]).includes(field),
          );
          if (fixed.length > 0) {
            throw conflict(
              `experiment "${experiment.key}" has started: its ${fixed.join(', ')} can no longer change (that would change what its units saw); only ${DESCRIPTIVE_FIELDS.join(' and ')} can. Stop it and create another to change the design`,
            );
          }
        }
        const flag = await flagOf(ctx, experiment);
        const merged = { ...designInput(experiment.design), ...payload };
        const checked = experimentDesign(experiment.key, merged, Object.keys(flag.variants), ctx.payloadPath);
        if ('issues' in checked) throw validationFailed(checked.issues);
        const updated = await store(ctx).update(experiment, { design: checked.design, updatedAt: ctx.now });
        auditExperiment(ctx, 'update', experiment, experiment, updated);
        return view(ctx, updated);
      },
    }),
    defineCommand({
      ...common,
      versioned: true,
      action: 'experiment.start',
      summary: "Start an experiment: its split takes over the flag's fallback and exposures count from now",
      target: byKey,
      payload: ExperimentReasonPayload,
      async run(ctx): Promise<ExperimentView> {
        const { environment, experiment } = await load(ctx);
        if (experiment.status !== 'draft') {
          throw conflict(`experiment "${experiment.key}" is ${experiment.status}; only a draft can start`);
        }
        const flag = await flagOf(ctx, experiment);
        const missing = Object.keys(experiment.design.weights).filter(
          (v) => !Object.hasOwn(flag.variants, v),
        );
        if (missing.length > 0) {
          throw conflict(
            `flag "${flag.key}" no longer has the variants ${missing.join(', ')}: update the experiment`,
          );
        }
        const running = await store(ctx).findRunning(environment.id, flag.id);
        if (running) {
          throw conflict(
            `flag "${flag.key}" already runs experiment "${running.key}" in "${environment.key}": stop it first`,
          );
        }
        const other = await deps.otherManager(ctx.tx, environment.id, flag.id);
        if (other) throw conflict(`cannot start experiment "${experiment.key}": ${other}`);
        const config = await deps.flagConfigs(ctx.tx).find(flag.id, environment.id);
        if (!config)
          throw notFound(`flag "${flag.key}" is not configured in environment "${environment.key}"`);
        const slot = baseTargetingOf(config.targeting, experiment.design.control, 'an experiment');
        if ('problem' in slot) throw conflict(`cannot start experiment "${experiment.key}": ${slot.problem}`);
        const written = composeConfig(slot.base, splitRule(experiment.design), config.defaultVariant);
        await writeManagedConfig(ctx, deps.configuration, { environment, flag, config }, written);
        const started = await store(ctx).update(experiment, {
          status: 'running',
          baseTargeting: slot.base,
          written,
          startedAt: ctx.now,
          updatedAt: ctx.now,
        });
        auditExperiment(ctx, 'start', experiment, experiment, started);
        return view(ctx, started);
      },
    }),
    defineCommand({
      ...common,
      versioned: true,
      action: 'experiment.stop',
      summary:
        'Stop an experiment: its results freeze, and one variant (default: control) is served in its place',
      target: byKey,
      payload: StopExperimentPayload,
      async run(ctx, payload: Static<typeof StopExperimentPayload>): Promise<ExperimentView> {
        const { environment, experiment } = await load(ctx);
        if (experiment.status !== 'running') {
          throw conflict(`experiment "${experiment.key}" is ${experiment.status}, not running`);
        }
        const flag = await flagOf(ctx, experiment);
        const served = payload.serve ?? experiment.design.control;
        if (!Object.hasOwn(flag.variants, served)) {
          throw validationFailed([
            {
              path: ctx.payloadPath('/serve'),
              message: `"${served}" is not a variant of flag "${flag.key}" (${Object.keys(flag.variants).join(', ')})`,
            },
          ]);
        }
        const config = await deps.flagConfigs(ctx.tx).find(flag.id, environment.id);
        // A person may have edited the flag meanwhile: their rules are kept while the split is still in its slot.
        const base = !config
          ? undefined
          : isAsWritten(experiment.written, config)
            ? experiment.baseTargeting
            : adoptedBase(config.targeting, splitRule(experiment.design));
        let reason = payload.reason ?? `stopped by ${ctx.actor.name}`;
        if (config && base !== undefined) {
          const written = composeConfig(base, served, config.defaultVariant);
          await writeManagedConfig(ctx, deps.configuration, { environment, flag, config }, written);
        } else {
          reason += `; the flag\u2019s targeting no longer ends with the experiment\u2019s split, so it was left as it is`;
        }
        const stopped = await store(ctx).update(experiment, {
          status: 'stopped',
          stoppedAt: ctx.now,
          outcome: { served: base === undefined ? null : served, reason },
          updatedAt: ctx.now,
        });
        auditExperiment(ctx, 'stop', experiment, experiment, stopped);
        return view(ctx, stopped);
      },
    }),
    defineCommand({
      ...common,
      versioned: true,
      action: 'experiment.delete',
      summary: 'Delete a draft or stopped experiment with its data',
      target: byKey,
      payload: ExperimentReasonPayload,
      async run(ctx): Promise<{ deleted: string }> {
        const { experiment } = await load(ctx);
        if (experiment.status === 'running') {
          throw conflict(`experiment "${experiment.key}" is running: stop it before deleting it`);
        }
        await store(ctx).delete(experiment.id);
        auditExperiment(ctx, 'delete', experiment, experiment, null);
        return { deleted: experiment.key };
      },
    }),
  ];
}

import type { JsonValue } from '@switchyard/core';
import type { CommandContext } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import type { FlagConfig, FlagConfigStore } from '../flags/flag-config-store.js';
import type { FlagConfiguration } from '../flags/flag-configuration.js';
import type { FlagStore } from '../flags/flag-store.js';
import {
  composeConfig,
  isAsWritten,
  type SlotTarget,
  type WrittenConfig,
  writeManagedConfig,
} from '../flags/managed-slot.js';
import { notFound } from '../kernel/errors.js';
import type { DialectName, Queryable } from '../storage/database.js';
import { type ManagedServing, managedRule } from './managed-targeting.js';
import type { NewRolloutEvent, Rollout, RolloutStore } from './rollout-store.js';

export interface RolloutDeps {
  dialect: DialectName;
  environments: (db: Queryable) => EnvironmentStore;
  flags: (db: Queryable) => FlagStore;
  flagConfigs: (db: Queryable) => FlagConfigStore;
  rollouts: (db: Queryable, dialect: DialectName) => RolloutStore;
  configuration: FlagConfiguration;
}

export type RolloutTarget = SlotTarget;

/** The changes every rollout command makes the same way: its flag's configuration and its timeline. */
export function rolloutChanges(deps: RolloutDeps) {
  const store = (ctx: CommandContext) => deps.rollouts(ctx.tx, deps.dialect);

  async function targetOf(ctx: CommandContext, rollout: Rollout): Promise<RolloutTarget> {
    const environment = await requireEnvironment(
      deps.environments(ctx.tx),
      ctx.project!,
      ctx.command.target.environment!,
    );
    const flag = (await deps.flags(ctx.tx).list(rollout.projectId)).find((f) => f.id === rollout.flagId);
    if (!flag) throw notFound(`flag "${rollout.flagKey}" of the rollout no longer exists`);
    const config = await deps.flagConfigs(ctx.tx).find(flag.id, environment.id);
    if (!config)
      throw notFound(`flag "${flag.key}" is no longer configured in environment "${environment.key}"`);
    return { environment, flag, config };
  }

  /** Whether the configuration is still what the rollout last wrote (a person may have edited it). */
  const untouched = (rollout: Rollout, config: FlagConfig) => isAsWritten(rollout.written, config);

  /** Writes the rollout's rule into the flag's configuration (enabled), audited as a configuration change. */
  async function serve(
    ctx: CommandContext,
    rollout: Pick<Rollout, 'plan' | 'baseTargeting'>,
    target: RolloutTarget,
    serving: ManagedServing,
  ): Promise<WrittenConfig> {
    const written = composeConfig(
      rollout.baseTargeting,
      managedRule(rollout.plan, serving),
      target.config.defaultVariant,
    );
    await writeManagedConfig(ctx, deps.configuration, target, written);
    return written;
  }

  async function record(
    ctx: CommandContext,
    rollout: Rollout,
    event: Omit<NewRolloutEvent, 'rolloutId' | 'at' | 'actor'>,
  ) {
    await store(ctx).addEvent({ ...event, rolloutId: rollout.id, at: ctx.now, actor: ctx.actor.name });
    ctx.audit({
      action: `rollout.${event.action}`,
      resourceType: 'rollout',
      resource: `projects/${ctx.project!.key}/environments/${ctx.command.target.environment}/rollouts/${rollout.id}`,
      projectKey: ctx.project!.key,
      environmentKey: ctx.command.target.environment!,
      flagKey: rollout.flagKey,
      before: null,
      after: {
        reason: event.reason,
        step: event.stepIndex,
        weight: event.basisPoints / 100,
        rings: event.rings,
      },
    });
  }

  return { store, targetOf, untouched, serve, record };
}

export type RolloutChanges = ReturnType<typeof rolloutChanges>;

/** A rollout's plan as JSON for storage (the validated plan is what decides). */
export function planJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

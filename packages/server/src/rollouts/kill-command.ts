import type { Static } from '@sinclair/typebox';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import { configView } from '../flags/flag-config-service.js';
import type { FlagConfig } from '../flags/flag-config-store.js';
import { safeVariantOf } from '../flags/flag-rules.js';
import { requireLiveFlag } from '../flags/flag-service.js';
import { conflict, notFound } from '../kernel/errors.js';
import { type RolloutDeps, rolloutChanges } from './rollout-changes.js';
import { ReasonPayload } from './rollout-commands.js';

/**
 * `flag.kill`: every SDK serves the flag's safe variant in this environment, whatever its rules
 * (the kill switch). Its rules are dropped (they are in the audit entry, to restore), and a running
 * rollout of the flag ends as rolled back.
 */
export function killCommand(
  deps: RolloutDeps & {
    /** What else ends with a kill (a running experiment of the flag), told the variant now served. */
    onKilled?: (
      ctx: CommandContext,
      environmentId: string,
      flagId: string,
      served: string,
      reason: string,
    ) => Promise<void>;
  },
) {
  const changes = rolloutChanges(deps);
  return defineCommand({
    action: 'flag.kill',
    summary: "Kill switch: serve the flag's safe variant to everyone in this environment",
    target: ['project', 'environment', 'flag'],
    payload: ReasonPayload,
    permission: 'write',
    scope: 'environment',
    unit: 'project',
    versioned: false,
    async run(ctx, payload: Static<typeof ReasonPayload>) {
      const project = ctx.project!;
      const environment = await requireEnvironment(
        deps.environments(ctx.tx),
        project,
        ctx.command.target.environment!,
      );
      const flag = await requireLiveFlag(deps.flags(ctx.tx), project, ctx.command.target.flag!);
      const config = await deps.flagConfigs(ctx.tx).find(flag.id, environment.id);
      if (!config) throw notFound(`flag "${flag.key}" is not configured in environment "${environment.key}"`);
      const safe = safeVariantOf(flag);
      if (safe === null) throw conflict(`flag "${flag.key}" has no variant to serve as its safe variant`);
      const reason = payload.reason ?? `killed by ${ctx.actor.name}`;
      const saved = await deps.configuration.save(
        ctx,
        flag,
        environment,
        { state: 'ENABLED', defaultVariant: safe, targeting: null },
        config,
        ctx.payloadPath(''),
      );
      const view = (c: FlagConfig) => ({
        state: c.state,
        defaultVariant: c.defaultVariant,
        targeting: c.targeting,
      });
      ctx.audit({
        action: 'flag.kill',
        resourceType: 'flag-config',
        resource: `projects/${project.key}/environments/${environment.key}/flags/${flag.key}`,
        projectKey: project.key,
        environmentKey: environment.key,
        flagKey: flag.key,
        before: view(config),
        after: view(saved),
      });
      const rollout = await changes.store(ctx).findActive(environment.id, flag.id);
      if (rollout) {
        const state = {
          ...rollout.state,
          status: 'rolled-back' as const,
          reason: `the flag was killed: ${reason}`,
        };
        await changes.store(ctx).update(rollout, { state, written: null, updatedAt: ctx.now });
        await changes.record(ctx, rollout, {
          action: 'rollback',
          reason: state.reason,
          stepIndex: rollout.state.stepIndex,
          basisPoints: 0,
          rings: [],
          evidence: null,
        });
      }
      await deps.onKilled?.(ctx, environment.id, flag.id, safe, reason);
      return { ...configView(project.key, environment.key, flag.key, saved), safeVariant: safe, reason };
    },
  });
}

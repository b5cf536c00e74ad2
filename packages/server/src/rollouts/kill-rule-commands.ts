import { type Static, Type } from '@sinclair/typebox';
import { validateKillRule } from '@switchyard/rollout';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import type { EnvironmentStore } from '../environments/environment-store.js';
import { requireFlag } from '../flags/flag-service.js';
import type { FlagStore } from '../flags/flag-store.js';
import { notFound, validationFailed } from '../kernel/errors.js';
import type { Queryable } from '../storage/database.js';
import type { KillRuleStore, StoredKillRule } from './kill-rule-store.js';

export const KillRulePayload = Type.Object(
  {
    /** Kill when the flag's error rate (all its variants) stays above this … */
    maxErrorRate: Type.Number({ minimum: 0, exclusiveMaximum: 1 }),
    /** … for this long, e.g. "5m". */
    for: Type.String({ minLength: 1, maxLength: 20 }),
    /** Requests a one-second sample needs to count either way (default 20). */
    minSamples: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  },
  { additionalProperties: false },
);

export function killRuleView(stored: StoredKillRule, flag: string, environment: string) {
  return {
    flag,
    environment,
    rule: stored.rule,
    breachingSince: stored.breachingSince === null ? null : new Date(stored.breachingSince).toISOString(),
    updatedAt: stored.updatedAt,
  };
}

export interface KillRuleDeps {
  environments: (db: Queryable) => EnvironmentStore;
  flags: (db: Queryable) => FlagStore;
  killRules: (db: Queryable) => KillRuleStore;
}

/**
 * An automatic kill switch on a flag in one environment (meant for operational flags): when its
 * error rate, over all its variants, stays above `maxErrorRate` for `for`, the rollout controller
 * kills it (`flag.kill`: its safe variant for everyone), with or without a rollout.
 */
export function killRuleCommands(deps: KillRuleDeps) {
  const target = async (ctx: CommandContext) => {
    const project = ctx.project!;
    const environment = await requireEnvironment(
      deps.environments(ctx.tx),
      project,
      ctx.command.target.environment!,
    );
    const flag = await requireFlag(deps.flags(ctx.tx), project, ctx.command.target.flag!);
    return { environment, flag };
  };
  const resource = (ctx: CommandContext, flag: string) =>
    `projects/${ctx.project!.key}/environments/${ctx.command.target.environment}/flags/${flag}/kill-rule`;
  const common = {
    permission: 'write',
    scope: 'environment',
    unit: 'project',
    versioned: false,
    target: ['project', 'environment', 'flag'],
  } as const;
  return [
    defineCommand({
      ...common,
      action: 'flag.kill-rule.set',
      summary: 'Set the automatic kill switch of a flag in an environment (error rate over X for N minutes)',
      payload: KillRulePayload,
      async run(ctx, payload: Static<typeof KillRulePayload>) {
        const issues = validateKillRule(payload).map((i) => ({
          path: ctx.payloadPath(i.path),
          message: i.message,
        }));
        if (issues.length > 0) throw validationFailed(issues);
        const { environment, flag } = await target(ctx);
        const store = deps.killRules(ctx.tx);
        const before = await store.find(flag.id, environment.id);
        const stored = await store.put(
          flag.id,
          environment.id,
          payload,
          Math.floor(Date.parse(ctx.now) / 1000),
          ctx.now,
        );
        ctx.audit({
          action: 'flag.kill-rule.set',
          resourceType: 'kill-rule',
          resource: resource(ctx, flag.key),
          projectKey: ctx.project!.key,
          environmentKey: environment.key,
          flagKey: flag.key,
          before: before?.rule ?? null,
          after: stored.rule,
        });
        return killRuleView(stored, flag.key, environment.key);
      },
    }),
    defineCommand({
      ...common,
      action: 'flag.kill-rule.remove',
      summary: 'Remove the automatic kill switch of a flag in an environment',
      payload: Type.Object({}, { additionalProperties: false }),
      async run(ctx) {
        const { environment, flag } = await target(ctx);
        const store = deps.killRules(ctx.tx);
        const before = await store.find(flag.id, environment.id);
        if (!before)
          throw notFound(`flag "${flag.key}" has no kill rule in environment "${environment.key}"`);
        await store.delete(flag.id, environment.id);
        ctx.audit({
          action: 'flag.kill-rule.remove',
          resourceType: 'kill-rule',
          resource: resource(ctx, flag.key),
          projectKey: ctx.project!.key,
          environmentKey: environment.key,
          flagKey: flag.key,
          before: before.rule,
          after: null,
        });
        return null;
      },
    }),
  ];
}

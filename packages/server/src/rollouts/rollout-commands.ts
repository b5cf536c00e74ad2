import { type Static, Type } from '@sinclair/typebox';
import {
  decide,
  type MetricSnapshot,
  MetricSnapshotError,
  pauseRollout,
  planSteps,
  type RolloutAction,
  type RolloutPlan,
  type RolloutState,
  resumeRollout,
  startRollout,
  validatePlan,
} from '@switchyard/rollout';
import { type CommandContext, defineCommand } from '../commands/command-definition.js';
import { requireEnvironment } from '../environments/environment-service.js';
import { requireLiveFlag } from '../flags/flag-service.js';
import { adoptedBase, baseTargetingOf, composeConfig } from '../flags/managed-slot.js';
import { conflict, type Issue, notFound, validationFailed } from '../kernel/errors.js';
import { ResourceKey } from '../kernel/field-schemas.js';
import type { SegmentStore } from '../segments/segment-store.js';
import type { Queryable } from '../storage/database.js';
import { managedRule } from './managed-targeting.js';
import { type RolloutDeps, rolloutChanges } from './rollout-changes.js';
import type { Rollout } from './rollout-store.js';
import { currentStep, type RolloutView, rolloutView } from './rollout-view.js';

/** The plan (see @switchyard/rollout) plus the flag it rolls out; checked field by field with suggestions. */
export const StartRolloutPayload = Type.Object(
  {
    flag: ResourceKey,
    variant: Type.String({ description: 'The variant being rolled out' }),
    control: Type.String({ description: 'The variant it replaces, and the comparison group' }),
    safeVariant: Type.Optional(Type.String({ description: 'What a rollback serves (default: control)' })),
    schedule: Type.Unknown({
      description: '{ shape: exponential | linear | s-curve | custom, …, interval: "30s" | "10m" | … }',
    }),
    rings: Type.Optional(
      Type.Unknown({ description: '[{ name, segment? | condition? }]: audiences served in full first' }),
    ),
    guardrails: Type.Unknown({
      description:
        '[{ metric, max?, min?, maxIncrease?, maxRelativeIncrease?, onBreach? } | { prometheus, max?, min? }]',
    }),
    minSamples: Type.Optional(Type.Unknown({ description: 'Units per variant a step needs (default 100)' })),
  },
  { additionalProperties: true },
);

export const ReasonPayload = Type.Object(
  { reason: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })) },
  { additionalProperties: false },
);

export const EvaluatePayload = Type.Object(
  {
    /** The step start the snapshot was measured from: a decision on another step's data is skipped. */
    since: Type.Integer({ minimum: 0 }),
    snapshot: Type.Unknown(),
    now: Type.Integer({ minimum: 0 }),
  },
  { additionalProperties: false },
);

export interface RolloutCommandDeps extends RolloutDeps {
  segments: (db: Queryable) => SegmentStore;
  /** The controller's actor id: only it applies decisions. */
  controllerActorId: string;
  /** What else manages the flag's targeting in the environment (an experiment), if anything: it blocks a start. */
  otherManager?: (db: Queryable, environmentId: string, flagId: string) => Promise<string | undefined>;
}

const ms = (iso: string) => Date.parse(iso);

export function rolloutCommands(deps: RolloutCommandDeps) {
  const changes = rolloutChanges(deps);
  const view = (ctx: CommandContext, rollout: Rollout): RolloutView =>
    rolloutView(rollout, ctx.project!.key, ctx.command.target.environment!);

  /** The rollout named by the target, locked for this change; 404 when it is not in that environment. */
  async function load(ctx: CommandContext): Promise<Rollout> {
    const environment = await requireEnvironment(
      deps.environments(ctx.tx),
      ctx.project!,
      ctx.command.target.environment!,
    );
    const rollout = await changes.store(ctx).findForUpdate(ctx.command.target.id!);
    if (!rollout || rollout.environmentId !== environment.id) {
      throw notFound(`rollout "${ctx.command.target.id}" does not exist in environment "${environment.key}"`);
    }
    return rollout;
  }

  const stepOf = (rollout: Pick<Rollout, 'plan' | 'state'>) =>
    planSteps(rollout.plan).steps[rollout.state.stepIndex]!;
  const eventOf = (
    rollout: Pick<Rollout, 'plan' | 'state'>,
    action: string,
    reason: string,
    evidence: unknown = null,
  ) => {
    const step = stepOf(rollout);
    return {
      action,
      reason,
      stepIndex: step.index,
      basisPoints: step.basisPoints,
      rings: [...step.rings],
      evidence,
    };
  };

  /** Ends a rollout serving one variant (promote, rollback). */
  async function finish(
    ctx: CommandContext,
    rollout: Rollout,
    status: 'completed' | 'rolled-back',
    reason: string,
    evidence: unknown = null,
  ) {
    const target = await changes.targetOf(ctx, rollout);
    const variant =
      status === 'completed' ? rollout.plan.variant : (rollout.plan.safeVariant ?? rollout.plan.control);
    const written = await changes.serve(ctx, rollout, target, { kind: 'serve', variant });
    const state: RolloutState = { ...rollout.state, status, reason };
    const updated = await changes.store(ctx).update(rollout, { state, written, updatedAt: ctx.now });
    const event = eventOf(rollout, status === 'completed' ? 'complete' : 'rollback', reason, evidence);
    await changes.record(ctx, rollout, {
      ...event,
      basisPoints: status === 'completed' ? 10_000 : 0,
      rings: [],
    });
    return updated;
  }

  const common = { permission: 'write', scope: 'environment', unit: 'project', versioned: false } as const;
  const byId = ['project', 'environment', 'id'] as const;

  return [
    defineCommand({
      ...common,
      action: 'rollout.start',
      summary: 'Start a rollout: ramp a variant of a flag against its control, gated by guardrails',
      target: ['project', 'environment'],
      payload: StartRolloutPayload,
      async run(ctx, payload: Static<typeof StartRolloutPayload>) {
        const { flag: flagKey, ...planInput } = payload;
        const validation = validatePlan(planInput);
        if (!validation.valid) {
          throw validationFailed(
            validation.issues.map((i) => ({ path: ctx.payloadPath(i.path), message: i.message })),
          );
        }
        const plan: RolloutPlan = validation.plan;
        const project = ctx.project!;
        const environment = await requireEnvironment(
          deps.environments(ctx.tx),
          project,
          ctx.command.target.environment!,
        );
        const flag = await requireLiveFlag(deps.flags(ctx.tx), project, flagKey);
        const issues: Issue[] = [];
        for (const field of ['variant', 'control', 'safeVariant'] as const) {
          const name = plan[field];
          if (name !== undefined && !Object.hasOwn(flag.variants, name)) {
            issues.push({
              path: ctx.payloadPath(`/${field}`),
              message: `"${name}" is not a variant of flag "${flag.key}" (${Object.keys(flag.variants).join(', ')})`,
            });
          }
        }
        for (const [index, ring] of (plan.rings ?? []).entries()) {
          if (
            ring.segment !== undefined &&
            !(await deps.segments(ctx.tx).find(environment.id, ring.segment))
          ) {
            issues.push({
              path: ctx.payloadPath(`/rings/${index}/segment`),
              message: `segment "${ring.segment}" does not exist in environment "${environment.key}"`,
            });
          }
        }
        if (issues.length > 0) throw validationFailed(issues);
        const config = await deps.flagConfigs(ctx.tx).find(flag.id, environment.id);
        if (!config)
          throw notFound(`flag "${flag.key}" is not configured in environment "${environment.key}"`);
        const store = changes.store(ctx);
        const running = await store.findActive(environment.id, flag.id);
        if (running) {
          throw conflict(
            `flag "${flag.key}" already has a ${running.status} rollout in "${environment.key}" (${running.id}): finish or roll it back first`,
          );
        }
        const other = await deps.otherManager?.(ctx.tx, environment.id, flag.id);
        if (other)
          throw conflict(`cannot start a rollout of "${flag.key}" in "${environment.key}": ${other}`);
        const slot = baseTargetingOf(config.targeting, plan.control);
        if ('problem' in slot)
          throw conflict(`cannot start a rollout of "${flag.key}" in "${environment.key}": ${slot.problem}`);
        const state = startRollout(plan, ms(ctx.now));
        const first = planSteps(plan).steps[0]!;
        const target = { environment, flag, config };
        const written = await changes.serve(ctx, { plan, baseTargeting: slot.base }, target, {
          kind: 'ramp',
          rings: first.rings,
          basisPoints: first.basisPoints,
        });
        const rollout = await store.insert({
          projectId: project.id,
          environmentId: environment.id,
          flagId: flag.id,
          flagKey: flag.key,
          plan,
          state,
          status: state.status,
          baseTargeting: slot.base,
          written,
          createdBy: ctx.actor.name,
          createdAt: ctx.now,
          updatedAt: ctx.now,
        });
        await changes.record(ctx, rollout, eventOf(rollout, 'start', `started by ${ctx.actor.name}`));
        return view(ctx, rollout);
      },
    }),
    defineCommand({
      ...common,
      action: 'rollout.pause',
      summary: 'Pause a running rollout: it holds its weight until resumed',
      target: byId,
      payload: ReasonPayload,
      async run(ctx, payload: Static<typeof ReasonPayload>) {
        const rollout = await load(ctx);
        if (rollout.status !== 'running')
          throw conflict(`rollout "${rollout.id}" is ${rollout.status}, not running`);
        const reason = payload.reason ?? `paused by ${ctx.actor.name}`;
        const state = pauseRollout(rollout.state, reason);
        const updated = await changes
          .store(ctx)
          .update(rollout, { state, written: rollout.written, updatedAt: ctx.now });
        await changes.record(ctx, rollout, eventOf(rollout, 'pause', reason));
        return view(ctx, updated);
      },
    }),
    defineCommand({
      ...common,
      action: 'rollout.resume',
      summary: 'Resume a paused rollout; its step starts again, judged on fresh data',
      target: byId,
      payload: ReasonPayload,
      async run(ctx, payload: Static<typeof ReasonPayload>) {
        const rollout = await load(ctx);
        if (rollout.status !== 'paused')
          throw conflict(`rollout "${rollout.id}" is ${rollout.status}, not paused`);
        const target = await changes.targetOf(ctx, rollout);
        let base = rollout.baseTargeting;
        if (!changes.untouched(rollout, target.config)) {
          // A person edited the flag meanwhile: their rules are kept if the rollout's own rule is still in place.
          const adopted = adoptedBase(target.config.targeting, rule(rollout));
          if (adopted === undefined) {
            throw conflict(
              `the targeting of "${rollout.flagKey}" no longer ends with the rollout's rule (it was changed outside the rollout): roll this rollout back and start a new one`,
            );
          }
          base = adopted;
        }
        const state = resumeRollout(rollout.state, ms(ctx.now));
        const written = composeConfig(base, rule(rollout), target.config.defaultVariant);
        const updated = await changes
          .store(ctx)
          .update(rollout, { state, written, baseTargeting: base, updatedAt: ctx.now });
        await changes.record(
          ctx,
          rollout,
          eventOf(rollout, 'resume', payload.reason ?? `resumed by ${ctx.actor.name}`),
        );
        return view(ctx, updated);
      },
    }),
    defineCommand({
      ...common,
      action: 'rollout.promote',
      summary: 'Promote: serve the rolled-out variant to everyone now, ending the rollout',
      target: byId,
      payload: ReasonPayload,
      async run(ctx, payload: Static<typeof ReasonPayload>) {
        const rollout = await load(ctx);
        if (rollout.status !== 'running' && rollout.status !== 'paused') {
          throw conflict(`rollout "${rollout.id}" is ${rollout.status}: it has ended`);
        }
        return view(
          ctx,
          await finish(ctx, rollout, 'completed', payload.reason ?? `promoted by ${ctx.actor.name}`),
        );
      },
    }),
    defineCommand({
      ...common,
      action: 'rollout.rollback',
      summary: 'Roll back: serve the safe variant to the whole rollout audience, ending the rollout',
      target: byId,
      payload: ReasonPayload,
      async run(ctx, payload: Static<typeof ReasonPayload>) {
        const rollout = await load(ctx);
        if (rollout.status !== 'running' && rollout.status !== 'paused') {
          throw conflict(`rollout "${rollout.id}" is ${rollout.status}: it has ended`);
        }
        return view(
          ctx,
          await finish(ctx, rollout, 'rolled-back', payload.reason ?? `rolled back by ${ctx.actor.name}`),
        );
      },
    }),
    defineCommand({
      ...common,
      action: 'rollout.evaluate',
      summary: 'The controller: decide on a rollout from its metrics, and apply the decision',
      target: byId,
      payload: EvaluatePayload,
      systemOnly: true,
      async run(ctx, payload: Static<typeof EvaluatePayload>) {
        const rollout = await load(ctx);
        const active = rollout.status === 'running' || rollout.status === 'paused';
        // Another replica already moved it on: this snapshot is of a step that has ended.
        if (!active || rollout.state.stepStartedAt !== payload.since) {
          return { action: 'none', status: rollout.status, weight: currentStep(rollout).weight };
        }
        const target = await changes.targetOf(ctx, rollout);
        if (rollout.status === 'running' && !changes.untouched(rollout, target.config)) {
          const reason = `the configuration of "${rollout.flagKey}" was changed outside the rollout; paused instead of overwriting it`;
          const state = pauseRollout(rollout.state, reason);
          const paused = await changes
            .store(ctx)
            .update(rollout, { state, written: rollout.written, updatedAt: ctx.now });
          await changes.record(ctx, rollout, eventOf(rollout, 'pause', reason));
          return { action: 'pause', status: paused.status, weight: currentStep(paused).weight };
        }
        let decision: ReturnType<typeof decide>;
        try {
          decision = decide(rollout.plan, rollout.state, payload.snapshot as MetricSnapshot, payload.now);
        } catch (error) {
          if (error instanceof MetricSnapshotError) {
            throw validationFailed([{ path: ctx.payloadPath('/snapshot'), message: error.message }]);
          }
          throw error;
        }
        const evidence = decision.evidence;
        const store = changes.store(ctx);
        const outcome = (action: RolloutAction | 'none', after: Rollout) => ({
          action,
          status: after.status,
          weight: currentStep(after).weight,
        });
        switch (decision.action) {
          case 'hold': {
            const last = await store.lastEvent(rollout.id);
            // The timeline keeps a hold when its reason changes, and at most one a minute otherwise.
            const repeat =
              last?.action === 'hold' &&
              last.stepIndex === rollout.state.stepIndex &&
              sameKindOfReason(last.reason, decision.reason) &&
              ms(ctx.now) - ms(last.at) < 60_000;
            if (!repeat)
              await changes.record(ctx, rollout, eventOf(rollout, 'hold', decision.reason, evidence));
            return outcome('hold', rollout);
          }
          case 'pause': {
            const paused = await store.update(rollout, {
              state: decision.state,
              written: rollout.written,
              updatedAt: ctx.now,
            });
            await changes.record(ctx, rollout, eventOf(rollout, 'pause', decision.reason, evidence));
            return outcome('pause', paused);
          }
          case 'rollback':
            return outcome('rollback', await finish(ctx, rollout, 'rolled-back', decision.reason, evidence));
          case 'complete':
            return outcome('complete', await finish(ctx, rollout, 'completed', decision.reason, evidence));
          case 'advance': {
            const written = await changes.serve(ctx, rollout, target, {
              kind: 'ramp',
              rings: decision.step.rings,
              basisPoints: decision.step.basisPoints,
            });
            const advanced = await store.update(rollout, {
              state: decision.state,
              written,
              updatedAt: ctx.now,
            });
            await changes.record(ctx, rollout, eventOf(advanced, 'advance', decision.reason, evidence));
            return outcome('advance', advanced);
          }
        }
      },
    }),
  ];
}

/** The rule for a rollout's current step. */
function rule(rollout: Rollout) {
  const step = planSteps(rollout.plan).steps[rollout.state.stepIndex]!;
  return managedRule(rollout.plan, { kind: 'ramp', rings: step.rings, basisPoints: step.basisPoints });
}

/** Holds for the same cause read alike once their numbers are set aside. */
function sameKindOfReason(a: string, b: string): boolean {
  const shape = (text: string) => text.replace(/[\d.]+/g, '#');
  return shape(a) === shape(b);
}

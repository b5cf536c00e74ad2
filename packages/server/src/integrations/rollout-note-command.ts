import { type Static, Type } from '@sinclair/typebox';
import { defineCommand } from '../commands/command-definition.js';
import { requireFlag } from '../flags/flag-service.js';
import { notFound } from '../kernel/errors.js';
import { type RolloutDeps, rolloutChanges } from '../rollouts/rollout-changes.js';
import { currentStep } from '../rollouts/rollout-view.js';
import { externalEventAction } from './rollout-health.js';

export const RolloutNotePayload = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 1000,
      description: 'What happened, as the timeline shows it',
    }),
    details: Type.Optional(
      Type.Record(Type.String({ maxLength: 200 }), Type.Unknown(), {
        maxProperties: 50,
        description: "The sender's details, kept as the event's evidence",
      }),
    ),
  },
  { additionalProperties: false },
);

/**
 * `rollout.note`: an event from outside (a deployment tool such as Flagger) on the timeline of the
 * flag's most recent rollout in an environment, as an `external` event, audited. It changes nothing
 * else: the rollout's controller decides on metrics, not on notes.
 */
export function rolloutNoteCommand(deps: RolloutDeps) {
  const changes = rolloutChanges(deps);
  return defineCommand({
    action: 'rollout.note',
    summary: "Add an event from outside (a deployment tool's) to the timeline of a flag's latest rollout",
    target: ['project', 'environment', 'flag'],
    payload: RolloutNotePayload,
    permission: 'write',
    scope: 'environment',
    unit: 'project',
    versioned: false,
    async run(ctx, payload: Static<typeof RolloutNotePayload>) {
      const project = ctx.project!;
      const environmentKey = ctx.command.target.environment!;
      const environment = await deps.environments(ctx.tx).find(project.id, environmentKey);
      if (!environment)
        throw notFound(`environment "${environmentKey}" does not exist in project "${project.key}"`);
      const flag = await requireFlag(deps.flags(ctx.tx), project, ctx.command.target.flag!);
      const rollout = (await changes.store(ctx).list(environment.id)).find((r) => r.flagId === flag.id);
      if (!rollout) {
        throw notFound(
          `flag "${flag.key}" has no rollout in environment "${environment.key}" whose timeline could take the event`,
        );
      }
      const step = currentStep(rollout);
      await changes.record(ctx, rollout, {
        action: externalEventAction,
        reason: payload.reason,
        stepIndex: step.index,
        basisPoints: Math.round(step.weight * 100),
        rings: step.rings,
        evidence: payload.details ?? null,
      });
      return { rollout: rollout.id, at: ctx.now, action: externalEventAction, reason: payload.reason };
    },
  });
}

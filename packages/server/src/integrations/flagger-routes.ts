import type { Static } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CommandExecutor } from '../commands/command-executor.js';
import { errorResponses } from '../http/common-schemas.js';
import { requestActor } from '../http/request-actor.js';
import { preconditionFailed, validationFailed } from '../kernel/errors.js';
import { FlaggerEventAnswerSchema, FlaggerPayload } from './flagger-schemas.js';
import type { IntegrationTargets, TargetNeed } from './integration-targets.js';
import { type RolloutHealthDeps, rolloutHealth } from './rollout-health.js';
import { RolloutHealthSchema } from './rollout-health-schemas.js';

type Payload = Static<typeof FlaggerPayload>;
const tags = ['integrations'];
/** Metadata keys that address Switchyard, not the event: left out of what the timeline keeps. */
const addressing = new Set(['flag', 'project', 'environment', 'token']);

export interface FlaggerDeps extends RolloutHealthDeps {
  targets: IntegrationTargets;
  commands: CommandExecutor;
}

/**
 * Flagger's webhooks (answers 200–202 pass, anything else fails): a gate that is open while the
 * flag's rollout is healthy, the rollback hook that says "roll the canary back" once Switchyard
 * rolled the flag back, and the event hook that writes Flagger's events on the rollout's timeline.
 * Registered where the token is read from the body (`installBodyTokenAuthentication`).
 */
export function registerFlaggerRoutes(app: FastifyInstance, deps: FlaggerDeps): void {
  const target = (request: FastifyRequest<{ Body: Payload }>, need: TargetNeed) => {
    const metadata = request.body.metadata ?? {};
    const flag = metadata.flag;
    if (flag === undefined || flag === '') {
      throw validationFailed([
        { path: '/body/metadata/flag', message: "is required: name the flag in the webhook's metadata" },
      ]);
    }
    const path = (key: string) => `/body/metadata/${key}`;
    return deps.targets.resolve(
      requestActor(request),
      {
        project: { value: metadata.project, path: path('project') },
        environment: { value: metadata.environment, path: path('environment') },
        flag: { value: flag, path: path('flag') },
      },
      need,
    );
  };
  const schema = (summary: string, response: object) => ({
    summary,
    tags,
    body: FlaggerPayload,
    response: { 200: response, ...errorResponses(404, 412) },
  });

  app.post<{ Body: Payload }>(
    '/integrations/flagger/gate',
    {
      schema: schema(
        "Flagger gate (confirm-rollout, confirm-promotion, confirm-traffic-increase, pre-rollout, rollout): 200 while the flag's rollout is running or completed, 412 otherwise",
        RolloutHealthSchema,
      ),
    },
    async (request) => {
      const health = await rolloutHealth(deps, await target(request, { permission: 'read' }));
      if (health.verdict !== 'pass') throw preconditionFailed(`gate closed: ${health.reason}`);
      return health;
    },
  );

  app.post<{ Body: Payload }>(
    '/integrations/flagger/rollback',
    {
      schema: schema(
        "Flagger rollback hook: 200 (roll the canary back) once the flag's rollout was rolled back, 412 otherwise",
        RolloutHealthSchema,
      ),
    },
    async (request) => {
      const health = await rolloutHealth(deps, await target(request, { permission: 'read' }));
      if (health.rollout?.status !== 'rolled-back') throw preconditionFailed(`no rollback: ${health.reason}`);
      return health;
    },
  );

  app.post<{ Body: Payload }>(
    '/integrations/flagger/event',
    {
      schema: schema(
        "Flagger event hook: the event goes on the timeline of the flag's latest rollout (an `external` event, audited as rollout.external)",
        FlaggerEventAnswerSchema,
      ),
    },
    async (request) => {
      const found = await target(request, { permission: 'write', actions: ['rollout.note'] });
      const { reason, details } = eventOf(request.body);
      return deps.commands.execute({
        command: {
          action: 'rollout.note',
          target: { project: found.project.key, environment: found.environment.key, flag: found.flag.key },
          payload: { reason, details },
        },
        actor: requestActor(request),
        requestId: String(request.id),
      });
    },
  );
}

function eventOf(body: Payload) {
  const { eventMessage, eventType, timestamp, ...rest } = body.metadata ?? {};
  const metadata = Object.fromEntries(Object.entries(rest).filter(([key]) => !addressing.has(key)));
  const canary = `${body.namespace}/${body.name}`;
  const text = `Flagger${eventType ? ` ${eventType}` : ''} event of canary ${canary}${body.phase ? ` (${body.phase})` : ''}: ${eventMessage ?? 'no message'}`;
  const reason = text.length > 1000 ? `${text.slice(0, 999)}…` : text;
  return {
    reason,
    details: {
      source: 'flagger',
      canary,
      phase: body.phase ?? null,
      checksum: body.checksum ?? null,
      eventType: eventType ?? null,
      sentAt: millisecondsToIso(timestamp),
      metadata,
    },
  };
}

/** Flagger's `timestamp`: Unix milliseconds, as text. */
function millisecondsToIso(text: string | undefined): string | null {
  if (text === undefined || !/^\d{1,15}$/.test(text)) return null;
  const date = new Date(Number(text));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

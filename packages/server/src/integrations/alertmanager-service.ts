import type { Static } from '@sinclair/typebox';
import type { CommandExecutor } from '../commands/command-executor.js';
import type { Actor } from '../kernel/actor.js';
import { AppError, type Issue } from '../kernel/errors.js';
import type { RolloutStore } from '../rollouts/rollout-store.js';
import type { DialectName, Queryable } from '../storage/database.js';
import type { AlertRecord, AlertStore } from './alert-store.js';
import type { AlertmanagerPayload, AlertmanagerQuery, AlertOutcomeSchema } from './alertmanager-schemas.js';
import type { IntegrationTargets, Target } from './integration-targets.js';

type Payload = Static<typeof AlertmanagerPayload>;
type Alert = Payload['alerts'][number];
export type AlertOutcome = Static<typeof AlertOutcomeSchema>;

/** The actions a firing alert runs: a token limited to actions needs one of them. */
export const alertActions = ['rollout.rollback', 'flag.kill'] as const;

export interface AlertmanagerDeps {
  db: Queryable;
  dialect: DialectName;
  commands: CommandExecutor;
  targets: IntegrationTargets;
  rollouts: (db: Queryable, dialect: DialectName) => RolloutStore;
  alerts: (db: Queryable) => AlertStore;
  now?: () => Date;
}

export interface AlertmanagerRequest {
  actor: Actor;
  requestId: string;
  payload: Payload;
  /** Defaults from the webhook URL's query, for alerts without those labels. */
  defaults: Static<typeof AlertmanagerQuery>;
}

/** Thrown inside a change's transaction when another request already acted on the same alert. */
class AlreadyHandled extends Error {}

const maxReason = 1000;

/**
 * Acts on an Alertmanager notification, alert by alert: a firing alert whose labels name a flag
 * rolls back the flag's running rollout, or kills the flag when it has none; a resolved one is
 * recorded, changing nothing. Each firing episode of an alert (fingerprint and start) acts once:
 * its record commits in the same transaction as the command, so repeated or concurrent
 * notifications do nothing more. Alerts that cannot be handled are reported after the others are.
 */
export function alertmanagerService(deps: AlertmanagerDeps) {
  const now = () => (deps.now?.() ?? new Date()).toISOString();

  async function handle(request: AlertmanagerRequest) {
    const outcomes: AlertOutcome[] = [];
    const refused: { index: number; error: AppError }[] = [];
    for (const [index, alert] of request.payload.alerts.entries()) {
      try {
        outcomes.push(await handleAlert(request, alert, index));
      } catch (error) {
        // Anything but a refusal (storage failing) answers 500: Alertmanager retries, and the
        // alerts already handled are recognised then.
        if (!(error instanceof AppError)) throw error;
        refused.push({ index, error });
      }
    }
    if (refused.length > 0) throw refusal(request.payload, refused, outcomes);
    return {
      receiver: request.payload.receiver ?? null,
      groupKey: request.payload.groupKey ?? null,
      alerts: outcomes,
    };
  }

  async function handleAlert(
    request: AlertmanagerRequest,
    alert: Alert,
    index: number,
  ): Promise<AlertOutcome> {
    const base = {
      index,
      fingerprint: alert.fingerprint,
      alertname: alert.labels.alertname ?? '',
      status: alert.status,
    };
    const flagKey = alert.labels.flag;
    if (flagKey === undefined || flagKey === '') {
      return {
        ...base,
        outcome: 'ignored',
        project: null,
        environment: null,
        flag: null,
        rollout: null,
        message: 'the alert has no "flag" label: it is not about a flag',
      };
    }
    const labelPath = (name: string) => `/body/alerts/${index}/labels/${name}`;
    const given = (name: 'project' | 'environment') =>
      alert.labels[name] !== undefined
        ? { value: alert.labels[name], path: labelPath(name) }
        : request.defaults[name] !== undefined
          ? { value: request.defaults[name], path: `/query/${name}` }
          : { value: undefined, path: labelPath(name) };
    const target = await deps.targets.resolve(
      request.actor,
      {
        project: given('project'),
        environment: given('environment'),
        flag: { value: flagKey, path: labelPath('flag') },
      },
      alert.status === 'firing' ? { permission: 'write', actions: alertActions } : { permission: 'read' },
    );
    const where = { project: target.project.key, environment: target.environment.key, flag: target.flag.key };
    const previous = await deps.alerts(deps.db).find(alert.fingerprint, alert.startsAt, alert.status);
    if (previous) return { ...base, ...where, ...duplicate(previous) };
    const record = (action: AlertRecord['action'], rollout: string | null, message: string): AlertRecord => ({
      fingerprint: alert.fingerprint,
      startsAt: alert.startsAt,
      status: alert.status,
      receivedAt: now(),
      alertname: base.alertname,
      ...where,
      action,
      rollout,
      message,
      actor: request.actor.name,
      requestId: request.requestId,
      labels: alert.labels,
      annotations: alert.annotations ?? {},
      generatorURL: alert.generatorURL ?? null,
    });
    if (alert.status === 'resolved') {
      const message = `resolved${alert.endsAt ? ` at ${alert.endsAt}` : ''}; recorded only: a resolved alert changes nothing`;
      const claimed = await deps.alerts(deps.db).claim(record('recorded', null, message));
      if (!claimed)
        return {
          ...base,
          ...where,
          ...duplicate(await deps.alerts(deps.db).find(alert.fingerprint, alert.startsAt, alert.status)),
        };
      return { ...base, ...where, outcome: 'recorded', rollout: null, message };
    }
    const reason = reasonOf(alert);
    for (let attempt = 0; ; attempt++) {
      const rollout = await deps
        .rollouts(deps.db, deps.dialect)
        .findActive(target.environment.id, target.flag.id);
      const action = rollout ? 'rolled-back' : 'killed';
      const message = rollout
        ? `rolled back rollout ${rollout.id} of "${target.flag.key}": ${reason}`
        : `killed "${target.flag.key}" (no running rollout): it serves its safe variant; ${reason}`;
      try {
        await act(request, target, rollout?.id ?? null, reason, record(action, rollout?.id ?? null, message));
        return { ...base, ...where, outcome: action, rollout: rollout?.id ?? null, message };
      } catch (error) {
        if (error instanceof AlreadyHandled) {
          const handled = await deps.alerts(deps.db).find(alert.fingerprint, alert.startsAt, alert.status);
          return { ...base, ...where, ...duplicate(handled) };
        }
        if (rollout && attempt === 0 && error instanceof AppError && error.code === 'CONFLICT') {
          // The rollout ended between looking and acting. Rolled back (its guardrails, a person): that
          // is what the alert asked for. Promoted: the variant now serves everyone, so decide again.
          const ended = await deps.rollouts(deps.db, deps.dialect).find(rollout.id);
          if (ended?.status !== 'rolled-back') continue;
          const meanwhile = `rollout ${rollout.id} of "${target.flag.key}" was rolled back meanwhile (${ended.state.reason ?? 'no reason given'}); nothing more done: ${reason}`;
          if (!(await deps.alerts(deps.db).claim(record('rolled-back', rollout.id, meanwhile)))) {
            const handled = await deps.alerts(deps.db).find(alert.fingerprint, alert.startsAt, alert.status);
            return { ...base, ...where, ...duplicate(handled) };
          }
          return { ...base, ...where, outcome: 'rolled-back', rollout: rollout.id, message: meanwhile };
        }
        throw error;
      }
    }
  }

  async function act(
    request: AlertmanagerRequest,
    target: Target,
    rolloutId: string | null,
    reason: string,
    record: AlertRecord,
  ): Promise<void> {
    const keys = { project: target.project.key, environment: target.environment.key };
    const command =
      rolloutId !== null
        ? { action: 'rollout.rollback', target: { ...keys, id: rolloutId }, payload: { reason }, reason }
        : { action: 'flag.kill', target: { ...keys, flag: target.flag.key }, payload: { reason }, reason };
    await deps.commands.execute({
      command,
      actor: request.actor,
      requestId: request.requestId,
      // Recorded in the change's transaction: the alert counts as handled exactly when the change commits.
      async inSameTransaction(tx) {
        if (!(await deps.alerts(tx).claim(record))) throw new AlreadyHandled();
      },
    });
  }

  return { handle };
}

function duplicate(previous: AlertRecord | undefined) {
  return {
    outcome: 'duplicate' as const,
    rollout: previous?.rollout ?? null,
    message: previous
      ? `handled at ${previous.receivedAt}: ${previous.message}`
      : 'handled by another request at the same time',
  };
}

/** The audit reason: which alert, since when, and what it says. */
function reasonOf(alert: Alert): string {
  const name = alert.labels.alertname ?? 'unnamed alert';
  const says = alert.annotations?.summary ?? alert.annotations?.description;
  const text = `Alertmanager alert "${name}" firing since ${alert.startsAt} (fingerprint ${alert.fingerprint})${says ? `: ${says}` : ''}`;
  return text.length > maxReason ? `${text.slice(0, maxReason - 1)}…` : text;
}

/**
 * The answer when some alerts could not be handled: the first refusal's status (Alertmanager does
 * not retry a 4xx; the same alerts would be refused again), every refused alert as an issue, and
 * what was done about the others in the message.
 */
function refusal(
  payload: Payload,
  refused: { index: number; error: AppError }[],
  outcomes: AlertOutcome[],
): AppError {
  const issues: Issue[] = refused.flatMap(({ index, error }) =>
    error.issues.length > 0 ? error.issues : [{ path: `/body/alerts/${index}`, message: error.message }],
  );
  const done = outcomes.map((o) => `alerts/${o.index} ${o.outcome}`).join(', ');
  const first = refused[0]!;
  const message =
    `${refused.length} of ${payload.alerts.length} alerts could not be handled ` +
    `(alerts/${first.index}: ${first.error.message})` +
    (done === '' ? '' : `; the others were handled: ${done}`);
  return new AppError(first.error.code, message, issues);
}

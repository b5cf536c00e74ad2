import type { MetricSnapshot } from '@switchyard/rollout';
import type { CommandExecutor } from '../commands/command-executor.js';
import { rolloutControllerActor } from '../kernel/actor.js';
import type { RolloutMetrics } from '../metrics/rollout-metrics.js';
import type { ActiveRollout } from './rollout-store.js';

export interface RolloutControllerDeps {
  commands: CommandExecutor;
  /** Every running or paused rollout, read fresh each round. */
  listActive(): Promise<ActiveRollout[]>;
  snapshot(rollout: ActiveRollout): Promise<MetricSnapshot>;
  metrics?: RolloutMetrics;
  /** How often rollouts are looked at (default 1000 ms). */
  intervalMs?: number;
  now?: () => number;
  log: { warn(details: object, message: string): void; info(details: object, message: string): void };
  /** Names this replica in the log lines of its decisions. */
  replica: string;
}

/**
 * Looks at every active rollout once per interval and lets the policy decide, through the command
 * executor (`rollout.evaluate`, run as the controller). Its state lives in the database: a restart
 * resumes every rollout where it stood. Every replica runs one; the decision's transaction locks
 * the rollout and skips a snapshot of a step another replica has already moved on from, so exactly
 * one replica acts on each step.
 */
export class RolloutController {
  readonly #deps: RolloutControllerDeps;
  readonly #now: () => number;
  #timer: NodeJS.Timeout | undefined;
  #round: Promise<void> | undefined;

  constructor(deps: RolloutControllerDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
  }

  start(): void {
    this.#timer = setInterval(() => {
      // One round at a time: a slow round (Prometheus timing out) is not piled on.
      if (!this.#round) this.#round = this.round().finally(() => (this.#round = undefined));
    }, this.#deps.intervalMs ?? 1000);
    this.#timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await this.#round;
  }

  /** One look at every active rollout. */
  async round(): Promise<void> {
    let active: ActiveRollout[];
    try {
      active = await this.#deps.listActive();
    } catch (error) {
      this.#deps.log.warn({ err: error }, 'the rollout controller could not list rollouts');
      return;
    }
    for (const rollout of active) await this.#evaluate(rollout);
  }

  async #evaluate(rollout: ActiveRollout): Promise<void> {
    const labels = {
      project: rollout.projectKey,
      environment: rollout.environmentKey,
      flag: rollout.flagKey,
    };
    try {
      const snapshot = await this.#deps.snapshot(rollout);
      const outcome = (await this.#deps.commands.execute({
        command: {
          action: 'rollout.evaluate',
          target: { project: rollout.projectKey, environment: rollout.environmentKey, id: rollout.id },
          payload: { since: rollout.state.stepStartedAt, snapshot, now: this.#now() },
        },
        actor: rolloutControllerActor,
        requestId: `rollout-controller:${this.#deps.replica}`,
      })) as { action: string; status: string; weight: number };
      if (outcome.action !== 'none' && outcome.action !== 'hold') {
        this.#deps.metrics?.decision(labels, outcome.action);
        this.#deps.log.info(
          { rollout: rollout.id, ...labels, action: outcome.action, replica: this.#deps.replica },
          'rollout decision applied',
        );
      }
      this.#deps.metrics?.observe(labels, outcome.weight, outcome.status);
    } catch (error) {
      this.#deps.log.warn(
        { err: error, rollout: rollout.id, ...labels },
        'evaluating a rollout failed; it is tried again next round',
      );
    }
  }
}

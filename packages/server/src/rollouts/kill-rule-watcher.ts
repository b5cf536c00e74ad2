import { evaluateKillRule } from '@switchyard/rollout';
import type { CommandExecutor } from '../commands/command-executor.js';
import { rolloutControllerActor } from '../kernel/actor.js';
import type { KillRuleStore, WatchedKillRule } from './kill-rule-store.js';

export interface KillRuleWatcherDeps {
  commands: CommandExecutor;
  killRules: () => KillRuleStore;
  /** Requests and errors of every variant of a flag that arrived in [fromSecond, toSecond). */
  totals(rule: WatchedKillRule, fromSecond: number, toSecond: number): Promise<{ n: number; errors: number }>;
  now?: () => number;
  log: { warn(details: object, message: string): void; info(details: object, message: string): void };
}

/**
 * Judges every kill rule on the telemetry that arrived since it was last judged, like a Prometheus
 * alert with `for`; when one fires, kills its flag through the executor, as the rollout controller.
 * A sample too small to count keeps accumulating until it is big enough.
 */
export function killRuleWatcher(deps: KillRuleWatcherDeps) {
  const now = deps.now ?? Date.now;
  return async function round(): Promise<void> {
    let rules: WatchedKillRule[];
    try {
      rules = await deps.killRules().listAll();
    } catch (error) {
      deps.log.warn({ err: error }, 'the kill-rule watcher could not list kill rules');
      return;
    }
    for (const rule of rules) {
      const at = now();
      const second = Math.floor(at / 1000);
      try {
        const sample = await deps.totals(rule, rule.evaluatedThrough, second);
        const decision = evaluateKillRule(rule.rule, { breachingSince: rule.breachingSince }, sample, at);
        const counted = sample.n >= (rule.rule.minSamples ?? 20);
        if (decision.kill) {
          await deps.commands.execute({
            command: {
              action: 'flag.kill',
              target: { project: rule.projectKey, environment: rule.environmentKey, flag: rule.flagKey },
              payload: { reason: `kill rule: ${decision.reason}` },
            },
            actor: rolloutControllerActor,
            requestId: 'kill-rule-watcher',
          });
          deps.log.info({ flag: rule.flagKey, environment: rule.environmentKey }, 'kill rule fired');
          await deps.killRules().advance(rule.flagId, rule.environmentId, null, second);
        } else {
          const through = counted ? second : rule.evaluatedThrough;
          await deps
            .killRules()
            .advance(rule.flagId, rule.environmentId, decision.state.breachingSince, through);
        }
      } catch (error) {
        deps.log.warn(
          { err: error, flag: rule.flagKey },
          'judging a kill rule failed; it is tried again next round',
        );
      }
    }
  };
}

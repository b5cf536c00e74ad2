import { didYouMean } from '@switchyard/core';
import { CliLookupError, CliUsageError } from '../errors.js';
import { type ApiClient, apiPath } from '../server-api/api-client.js';
import type { EnvironmentScope } from '../server-api/server-options.js';
import { isActive, type Rollout, type RolloutDetail, type RolloutList } from './rollout-types.js';

/** `…/projects/P/environments/E/rollouts[/ID[/ACTION]]`. */
export function rolloutsPath(scope: EnvironmentScope, ...rest: readonly string[]): string {
  return apiPath('projects', scope.project, 'environments', scope.environment, 'rollouts', ...rest);
}

export type RolloutSelector = { readonly id: string } | { readonly flag: string };

/** A rollout is named by its ID or by its flag (`--flag`), not both. */
export function rolloutSelector(
  positionals: readonly string[],
  flag: string | undefined,
  command: string,
): RolloutSelector | undefined {
  if (positionals.length > 1) throw new CliUsageError(`unexpected argument '${positionals[1]}'`, command);
  const [id] = positionals;
  if (id !== undefined && flag !== undefined) {
    throw new CliUsageError("give the rollout's ID or '--flag FLAG', not both", command);
  }
  if (id !== undefined) return { id };
  if (flag !== undefined) return { flag };
  return undefined;
}

/**
 * The ID of the rollout a selector names. For a flag: its running or paused rollout; with
 * `orLatest`, when it has none, its newest one.
 */
export async function resolveRolloutId(
  client: ApiClient,
  scope: EnvironmentScope,
  selector: RolloutSelector,
  { orLatest }: { orLatest: boolean },
): Promise<string> {
  if ('id' in selector) return selector.id;
  const { rollouts } = await client.get<RolloutList>(rolloutsPath(scope));
  const ofFlag = rollouts.filter((rollout) => rollout.flag === selector.flag);
  const chosen = ofFlag.find(isActive) ?? (orLatest ? newest(ofFlag) : undefined);
  if (chosen) return chosen.id;
  const where = `${scope.environment} (project ${scope.project})`;
  if (ofFlag.length > 0) {
    throw new CliLookupError(
      `flag '${selector.flag}' has no running or paused rollout in ${where}; its latest, ${newest(ofFlag)!.id}, is ${newest(ofFlag)!.status}`,
    );
  }
  const flags = [...new Set(rollouts.map((rollout) => rollout.flag))];
  throw new CliLookupError(
    `flag '${selector.flag}' has no rollout in ${where}${didYouMean(selector.flag, flags)}`,
  );
}

/** The list is newest first. */
function newest(rollouts: readonly Rollout[]): Rollout | undefined {
  return rollouts[0];
}

export function getRollout(client: ApiClient, scope: EnvironmentScope, id: string): Promise<RolloutDetail> {
  return client.get<RolloutDetail>(rolloutsPath(scope, id));
}

import type { Environment } from '../environments/environment-store.js';
import type { FlagConfigState } from './flag-config-store.js';
import type { FlagAnnotation } from './flag-lifecycle.js';
import type { FlagSummaryFields } from './flag-store.js';

/**
 * A flag as the flag list shows and filters it (`GET …/flags?view=summary`): no variants, targeting
 * or metadata, only each environment's state, the lifecycle stage and why the flag is stale.
 */
export function flagSummaryView(
  flag: FlagSummaryFields,
  configs: readonly FlagConfigState[],
  environmentKey: ReadonlyMap<string, Environment['key']>,
  annotation: FlagAnnotation,
) {
  const environments: Record<string, { state: FlagConfigState['state'] }> = {};
  for (const config of configs) {
    const key = environmentKey.get(config.environmentId);
    if (key !== undefined) environments[key] = { state: config.state };
  }
  return {
    key: flag.key,
    name: flag.name,
    description: flag.description,
    kind: flag.kind,
    owner: flag.owner,
    tags: flag.tags,
    version: flag.version,
    archivedAt: flag.archivedAt,
    environments,
    lifecycle: { stage: annotation.lifecycle.stage },
    stale: { reasons: annotation.stale.reasons.map(({ code, message }) => ({ code, message })) },
  };
}
